import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import { hookSignatures, joinAppPy, splitAppPy } from "../../src/render/app/sections.js";
import { composeBundle } from "../../src/render/bundle.js";
import { recordedFile } from "../../src/render/record.js";
import { defaultRenderOptions } from "../../src/render/defaults.js";
import type { BundleFile } from "../../src/render/file.js";
import { networkArbitrary } from "../support/arbitrary-network.js";
import { kubernetesSchemaErrors } from "../support/k8s-schema.js";
import { restrictedViolations, type PodTemplate } from "../support/pod-security.js";
import { findPython, NO_PYTHON_REASON, runPython } from "../support/python.js";

/**
 * Every real-tool check of a bundle, on generated networks rather than the catalog: the Kubernetes schema,
 * the restricted Pod Security Standard, shellcheck and Python's compiler (Envoy's validation rules:
 * test/render/envoy/envoy-validate.test.ts).
 */
const OPTIONS = defaultRenderOptions("0.0.0-properties");
const RUNS = 25;

const networks = fc.sample(networkArbitrary({ maxPods: 9 }), { seed: 1123, numRuns: RUNS });
const bundles: BundleFile[][] = networks.map((network) => composeBundle(resolve(network), OPTIONS));
/** The same networks in the open-mtls profile, which has no WoSP mode. */
const openMtlsBundles: BundleFile[][] = networks.map((network) => {
  const spec = { ...network.spec, security: { profile: "open-mtls" as const } };
  delete spec.mode;
  return composeBundle(resolve({ ...network, spec }), OPTIONS);
});
/** cert-manager's objects (open-mtls) have no schema here: test/cluster checks them against its CRDs. */
const isCertManager = (object: unknown) =>
  String((object as { apiVersion?: unknown }).apiVersion).startsWith("cert-manager.io/");

function documents(file: BundleFile): unknown[] {
  return parseAllDocuments(file.content, { version: "1.1" }).map((document) => document.toJS() as unknown);
}

interface Manifest {
  kind?: string;
  spec?: { template?: PodTemplate };
}

describe(`bundles of ${RUNS} generated networks`, () => {
  it("hold Kubernetes objects the schema accepts and pods that meet the restricted standard", () => {
    const authorities = openMtlsBundles.map((files) =>
      files.some((file) => file.path === "certificate-authority.yaml"),
    );
    expect(authorities, "every open-mtls bundle has its CA").not.toContain(false);
    for (const files of [...bundles, ...openMtlsBundles]) {
      for (const file of files.filter((entry) => /\/0[123]-[a-z]+\.yaml$/.test(entry.path))) {
        documents(file).forEach((object, index) => {
          if (!isCertManager(object))
            expect(kubernetesSchemaErrors(object), `${file.path} #${index}`).toEqual([]);
          const manifest = object as Manifest;
          if (manifest.kind === "Deployment" && manifest.spec?.template) {
            expect(restrictedViolations(manifest.spec.template), file.path).toEqual([]);
          }
        });
      }
    }
  }, 120_000);

  it("hold scripts shellcheck accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), "lane7-properties-sh-"));
    const scripts = bundles.flatMap((files, index) =>
      files
        .filter((file) => file.path.endsWith(".sh"))
        .map((file) => {
          const path = join(dir, String(index), file.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.content, { mode: 0o755 });
          return path;
        }),
    );
    const check = spawnSync("shellcheck", scripts, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(check.error).toBeUndefined();
    expect(check.stdout).toBe("");
    expect(check.status).toBe(0);
  }, 120_000);

  it.skipIf(findPython() === null)(
    `hold app.py files Python compiles ${NO_PYTHON_REASON}`,
    () => {
      const sources = bundles.flatMap((files) => files.filter((file) => file.path.endsWith("/app.py")));
      const program = [
        "import json, sys",
        "for path, source in json.load(open(sys.argv[1])):",
        "    compile(source, path, 'exec')",
        "print('ok')",
      ].join("\n");
      const input = join(mkdtempSync(join(tmpdir(), "lane7-properties-py-")), "sources.json");
      writeFileSync(input, JSON.stringify(sources.map((file) => [file.path, file.content])));
      expect(runPython(findPython() ?? "python3", program, [input]).trim()).toBe("ok");
    },
    120_000,
  );

  it("hold app.py files that split at their banners and join back to the same bytes, hooks in Section 1", () => {
    for (const file of bundles.flat().filter((candidate) => candidate.path.endsWith("/app.py"))) {
      const sections = splitAppPy(file.content);
      expect(sections, file.path).not.toBeNull();
      if (sections === null) continue;
      expect(joinAppPy(sections), file.path).toBe(file.content);
      expect(hookSignatures(sections.section1).length, file.path).toBeGreaterThan(0);
      expect(recordedFile(file).section1?.hooks, file.path).toEqual(hookSignatures(sections.section1));
    }
  });
});
