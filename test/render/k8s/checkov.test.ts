import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { RenderOptions } from "../../../src/render/options.js";
import { checkovSkips } from "../../../src/render/k8s/checkov-skips.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../../../src/render/conventions.js";
import type { Deployment } from "../../../src/render/k8s/types.js";
import { resolve } from "../../../src/model/resolve.js";
import type { BlueprintModel } from "../../../src/model/model.js";
import { composeBundle } from "../../../src/render/bundle.js";
import type { BundleFile } from "../../../src/render/file.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { MODES, type Mode } from "../../../src/spec/constants.js";
import { validateText } from "../../../src/validate/validate.js";
import { composeExample } from "../../support/bundle.js";
import { ROOT } from "../../support/cli.js";
import { EXAMPLES, openMtlsModel } from "../../support/models.js";
import { realTool, TOOLS_DIR } from "../../support/real-tools.js";
import { documentsOf } from "./fixtures.js";

const CHECKOV = `${TOOLS_DIR}checkov/bin/checkov`;
const checkov = realTool("Checkov (.tools/checkov)", existsSync(CHECKOV) ? CHECKOV : null);

const DEFAULTS = defaultRenderOptions("0.0.0-test");
const OPTION_SETS: [string, Partial<RenderOptions>][] = [
  ["defaults", {}],
  [
    "configured",
    {
      credentials: { license: "lic", apiToken: "tok", keys: { any: "key" } },
      imagePullSecret: { name: "registry-pull", dockerConfigJson: '{"auths":{}}' },
    },
  ],
];
/** The Kubernetes manifests of a bundle: <pod>/NN-*.yaml, and the open-mtls certificate authority. */
const isManifest = (path: string) =>
  /^[^/]+\/\d\d-[a-z-]+\.yaml$/.test(path) || path === CERTIFICATE_AUTHORITY_FILE;
const WEAKENED = "weakened/pod-1/03-deployment.yaml";

interface Finding {
  check_id: string;
  file_path: string;
  resource: string;
}
interface Report {
  results: { failed_checks?: Finding[] };
  summary: { passed: number; failed: number; parsing_errors: number; resource_count: number };
}

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** examples/<name>.yaml in WoSP mode `mode`; null when the network cannot run in it (armored-car is HTTP only). */
function exampleIn(name: string, mode: Mode): BlueprintModel | null {
  const file = join(ROOT, "examples", `${name}.yaml`);
  const text = readFileSync(file, "utf8")
    .replace(/^ {2}mode: .*\n/m, "")
    .replace(/^spec:\n/m, `spec:\n  mode: ${mode}\n`);
  const validation = validateText(file, text);
  return validation.ok ? resolve(validation.network) : null;
}

interface Variant {
  name: string;
  /** The WoSP mode, or the open-mtls profile (which has no modes). */
  mode: Mode | "open-mtls";
  model: BlueprintModel;
  set: string;
  manifests: BundleFile[];
}

/**
 * Every example in each WoSP mode it can run in, and in the open-mtls profile, with each set of options:
 * its Kubernetes manifests.
 */
function variants(): Variant[] {
  const models = EXAMPLES.flatMap((name) => [
    ...MODES.flatMap((mode) => {
      const model = exampleIn(name, mode);
      return model ? [{ name, mode, model }] : [];
    }),
    { name, mode: "open-mtls" as const, model: openMtlsModel(name) },
  ]);
  return models.flatMap((variant) =>
    OPTION_SETS.map(([set, options]) => ({
      ...variant,
      set,
      manifests: composeBundle(variant.model, { ...DEFAULTS, ...options }).filter((file) =>
        isManifest(file.path),
      ),
    })),
  );
}

/** Writes each variant under bundles/<set>/<mode>/<name>/; how many objects they hold. */
function writeBundles(root: string, all: Variant[]): number {
  let objects = 0;
  for (const { name, mode, set, manifests } of all)
    for (const file of manifests) {
      write(root, `bundles/${set}/${mode}/${name}/${file.path}`, file.content);
      objects += documentsOf(file.content).length;
    }
  return objects;
}

/** The first variant of each security profile: the Deployments its skips are judged on. */
function firstOfEachProfile(all: Variant[]): Variant[] {
  const first = new Map<string, Variant>();
  for (const variant of all) {
    const profile = variant.model.security.profile;
    if (!first.has(profile)) first.set(profile, variant);
  }
  return [...first.values()];
}

function deploymentOf(file: BundleFile): Deployment {
  const found = documentsOf(file.content).find(
    (document): document is Deployment => (document as Deployment).kind === "Deployment",
  );
  if (!found) throw new Error(`no Deployment in ${file.path}`);
  return found;
}

/** One composed Deployment whose app container is privileged and has no resource limits. */
function writeWeakened(root: string): void {
  const file = composeExample("bi-pod").find((candidate) => candidate.path === "pod-1/03-deployment.yaml");
  if (!file) throw new Error("bi-pod has no pod-1/03-deployment.yaml");
  const deployment = deploymentOf(file);
  const app = deployment.spec?.template.spec?.containers[0];
  if (!app?.securityContext || !app.resources) throw new Error("bi-pod pod-1 has no app container");
  app.securityContext.privileged = true;
  app.securityContext.allowPrivilegeEscalation = true;
  delete app.resources.limits;
  write(root, WEAKENED, stringify(deployment));
}

/** Every Deployment of a variant without its skip annotations, under unannotated/<profile>/. */
function writeUnannotated(root: string, variant: Variant): void {
  for (const file of variant.manifests.filter((candidate) =>
    candidate.path.endsWith("/03-deployment.yaml"),
  )) {
    const deployment = deploymentOf(file);
    if (deployment.metadata) delete deployment.metadata.annotations;
    write(root, `unannotated/${variant.model.security.profile}/${file.path}`, stringify(deployment));
  }
}

/** Checkov once over everything: its start-up takes seconds, so one run checks every bundle. */
function runCheckov(executable: string, dir: string): Report {
  const result = spawnSync(
    executable,
    ["--framework", "kubernetes", "-d", dir, "--output", "json", "--quiet", "--skip-download"],
    { encoding: "utf8", timeout: 280_000, maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`checkov exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

describe.skipIf(!checkov)(
  "Checkov over every example, in each WoSP mode and in open-mtls, with each set of options",
  () => {
    let dir = "";
    let report: Report;
    const all = variants();
    let objects = 0;
    const failed = (prefix: string) =>
      (report.results.failed_checks ?? []).filter((finding) => finding.file_path.startsWith(`/${prefix}`));
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "lane7-checkov-"));
      objects = writeBundles(dir, all);
      writeWeakened(dir);
      for (const variant of firstOfEachProfile(all)) writeUnannotated(dir, variant);
      report = runCheckov(checkov ?? "", dir);
    }, 300_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("reads every object and finds no failed check (deliberate exceptions carry a skip annotation)", () => {
      expect(report.summary.parsing_errors).toBe(0);
      // Checkov counts each Deployment's pod template once more.
      expect(report.summary.resource_count).toBeGreaterThan(objects);
      expect(new Set(all.map((variant) => variant.name))).toEqual(new Set(EXAMPLES));
      expect(new Set(all.map((variant) => variant.mode))).toEqual(new Set([...MODES, "open-mtls"]));
      const authorities = all.flatMap((variant) =>
        variant.manifests.filter((file) => file.path === CERTIFICATE_AUTHORITY_FILE),
      );
      expect(authorities).toHaveLength(EXAMPLES.length * OPTION_SETS.length);
      expect(all.length).toBeGreaterThan(EXAMPLES.length * OPTION_SETS.length);
      expect(
        failed("bundles/").map((finding) => `${finding.check_id} ${finding.resource} ${finding.file_path}`),
      ).toEqual([]);
    });

    it("skips, in each profile, exactly the checks lane7 fails without the annotations, no more", () => {
      const profiles = firstOfEachProfile(all);
      expect(profiles.map((variant) => variant.model.security.profile)).toEqual(["wosp", "open-mtls"]);
      for (const { model } of profiles) {
        const profile = model.security.profile;
        const ids = new Set(failed(`unannotated/${profile}/`).map((finding) => finding.check_id));
        expect([...ids].sort(), profile).toEqual(
          checkovSkips(model)
            .map((skip) => skip.id)
            .sort(),
        );
      }
    });

    it("fails a Deployment with a privileged app container without resource limits", () => {
      const ids = new Set(failed("weakened/").map((finding) => finding.check_id));
      // Privileged containers, privilege escalation, CPU and memory limits.
      expect([...ids]).toEqual(
        expect.arrayContaining(["CKV_K8S_11", "CKV_K8S_13", "CKV_K8S_16", "CKV_K8S_20"]),
      );
    });
  },
);
