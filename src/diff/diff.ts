import { compareBytewise } from "../render/path-order.js";
import { readBlueprint, type Blueprint } from "./blueprint.js";
import { diffFile } from "./file-diff.js";
import { diffNetworks, networkChanged } from "./network-diff.js";
import type { AppPart, DiffResult, FileChange, SideSummary } from "./result.js";
import { diffSectionOnes } from "./section-one.js";
import { secretRedactor, type CredentialDelta } from "./secrets.js";
import { securityChanges } from "./security.js";
import type { Side } from "./side.js";
import { cachedYamlReader, type YamlReader } from "./yaml-documents.js";

/**
 * The semantic diff of two blueprints: the network and security posture from their blueprint.yaml, the
 * files path by path. Only files whose bytes differ are parsed, so the cost follows the size of the change.
 */
export function diffSides(oldSide: Side, next: Side): DiffResult {
  const read = cachedYamlReader();
  const sectionOnes = diffSectionOnes(oldSide, next);
  const old = sectionOnes.old;
  const oldBlueprint = readBlueprint(old, read);
  const sameBlueprint =
    old.files.get("blueprint.yaml")?.content === next.files.get("blueprint.yaml")?.content;
  const newBlueprint = sameBlueprint ? oldBlueprint : readBlueprint(next, read);
  const network = diffNetworks(oldBlueprint, newBlueprint);
  const { files, credentials } = diffFiles(old, next, read, sectionOnes.parts);
  const businessLogic = { pods: sectionOnes.pods };
  const security = securityChanges(network, credentials);
  const count = (change: FileChange["change"]) => files.filter((file) => file.change === change).length;
  const result: DiffResult = {
    formatVersion: 1,
    old: sideSummary(old, oldBlueprint),
    new: sideSummary(next, newBlueprint),
    different:
      security.length > 0 || networkChanged(network) || files.length > 0 || businessLogic.pods.length > 0,
    securityChanged: security.length > 0,
    summary: {
      security: security.length,
      podsAdded: network.pods.added.length,
      podsRemoved: network.pods.removed.length,
      podsChanged: network.pods.changed.length,
      edgesAdded: network.edges.added.length,
      edgesRemoved: network.edges.removed.length,
      filesAdded: count("added"),
      filesRemoved: count("removed"),
      filesModified: count("modified"),
      businessLogicChanged: businessLogic.pods.length,
    },
    security,
    network,
    businessLogic,
    files,
  };
  return files.length === 0 ? result : redacted(result, old, next, read);
}

function diffFiles(
  old: Side,
  next: Side,
  read: YamlReader,
  appParts: ReadonlyMap<string, AppPart[]>,
): { files: FileChange[]; credentials: CredentialDelta[] } {
  const paths = [...new Set([...old.files.keys(), ...next.files.keys()])].sort(compareBytewise);
  const files: FileChange[] = [];
  const credentials: CredentialDelta[] = [];
  for (const path of paths) {
    const diff = diffFile(path, { old, new: next }, read);
    const parts = appParts.get(path);
    if (diff.change) files.push(parts === undefined ? diff.change : { ...diff.change, appParts: parts });
    credentials.push(...diff.credentials);
  }
  return { files, credentials };
}

function sideSummary(side: Side, blueprint: Blueprint): SideSummary {
  return {
    source: side.source,
    kind: side.kind,
    network: blueprint.network.name,
    generator: blueprint.generator.version,
  };
}

/** Secrets are masked where they are known to be; this catches a secret value copied anywhere else. */
function redacted(result: DiffResult, old: Side, next: Side, read: YamlReader): DiffResult {
  const files = [old, next].flatMap((side) =>
    [...side.files].map(([path, file]) => [`${side.source}: ${path}`, file.content] as const),
  );
  const redact = secretRedactor(files, read);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), walk(item)]));
    }
    return value;
  };
  return { ...result, files: walk(result.files) as FileChange[] };
}
