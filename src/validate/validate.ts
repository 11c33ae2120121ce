import type { ParsedFile } from "../parse/parse.js";
import { parseNetworkText } from "../parse/parse.js";
import { MODES, PROFILES, type Mode, type Profile } from "../spec/constants.js";
import * as z from "zod";
import { EdgeSchema, PinholeSchema, PodSchema, type NetworkDescription } from "../spec/network.js";
import { compareFindings, type Finding } from "./finding.js";
import { buildGraph } from "./graph.js";
import type { IndexedEdge, IndexedPod, RuleInput } from "./rule.js";
import { RULES } from "./rules/index.js";
import { schemaFindings } from "./schema-findings.js";

export type Validation =
  { ok: true; network: NetworkDescription; findings: Finding[] } | { ok: false; findings: Finding[] };

/** Text of one network file → every finding, sorted by position; the typed description when it is valid. */
export function validateText(file: string, text: string): Validation {
  return validateParsed(parseNetworkText(file, text));
}

export function validateParsed(parsed: ParsedFile): Validation {
  if (parsed.findings.length > 0) return { ok: false, findings: parsed.findings };
  const { file, value, locate } = parsed;
  const findings = schemaFindings(file, value, locate);
  const input = ruleInput(value);
  if (input) {
    for (const rule of RULES) {
      if (rule.graph && !input.complete) continue;
      rule.check(input, (path, message, hint, options) => {
        const at = options?.key ? locate.key(path) : locate.value(path);
        findings.push({
          rule: rule.id,
          severity: options?.severity ?? "error",
          message,
          file,
          line: at.line,
          column: at.column,
          hint,
        });
      });
    }
  }
  findings.sort(compareFindings);
  if (findings.some((finding) => finding.severity === "error")) return { ok: false, findings };
  return { ok: true, network: value as NetworkDescription, findings };
}

/**
 * What the rules check in a document the schema may have rejected: a pod counts when its id and role are
 * sound (a bad protocol or pinhole, or an unknown key, is the schema's finding, not the graph's); an edge
 * when both ends are strings. An empty pod list is the schema's finding too, so the graph is not complete.
 */
const RulePodSchema = z.object({
  ...PodSchema.pick({ id: true, role: true }).shape,
  protocol: PodSchema.shape.protocol.catch(undefined),
  pinhole: PinholeSchema.optional().catch(undefined),
});
const RuleEdgeSchema = z.object(EdgeSchema.shape);

function ruleInput(value: unknown): RuleInput | undefined {
  const spec = field(value, "spec");
  const podsValue = field(spec, "pods");
  const edgesValue = field(spec, "edges");
  if (!Array.isArray(podsValue)) return undefined;
  const pods: IndexedPod[] = [];
  podsValue.forEach((item, index) => {
    const parsed = RulePodSchema.safeParse(item);
    if (parsed.success) pods.push({ index, pod: parsed.data });
  });
  const edges: IndexedEdge[] = [];
  const edgeItems: unknown[] = Array.isArray(edgesValue) ? edgesValue : [];
  edgeItems.forEach((item, index) => {
    const parsed = RuleEdgeSchema.safeParse(item);
    if (parsed.success) edges.push({ index, edge: parsed.data });
  });
  const name = field(field(value, "metadata"), "name");
  const mode = field(spec, "mode");
  const profile = field(field(spec, "security"), "profile");
  const declaredIds = new Set(
    podsValue.map((item) => field(item, "id")).filter((id) => typeof id === "string"),
  );
  const endpointsKnown = edges.every(({ edge }) => declaredIds.has(edge.from) && declaredIds.has(edge.to));
  return {
    name: typeof name === "string" ? name : undefined,
    mode: MODES.includes(mode as Mode) ? (mode as Mode) : "armored-tunnel",
    modeDeclared: mode !== undefined,
    profile: PROFILES.includes(profile as Profile) ? (profile as Profile) : "wosp",
    pods,
    edges,
    declaredIds,
    complete:
      podsValue.length > 0 &&
      Array.isArray(edgesValue) &&
      pods.length === podsValue.length &&
      edges.length === edgeItems.length &&
      endpointsKnown,
    graph: buildGraph(pods, edges),
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
