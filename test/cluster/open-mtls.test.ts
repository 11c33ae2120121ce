import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { CERTIFICATE_AUTHORITY_FILE } from "../../src/render/conventions.js";
import { testCluster, type ClusterInfo } from "../support/cluster.js";
import { openMtlsExamples } from "../support/findings.js";
import { certManagerCrds } from "../support/cert-manager-crds.js";
import { manifestPaths, writeBundle, type WrittenBundle } from "./bundles.js";
import { expectAppliedCleanly, expectPodsAdmitted, expectRestricted, serverSideApply } from "./checks.js";
import { renamed } from "./deploying.js";

/**
 * Every example in the open-mtls profile (each under a name of its own, so that its namespaces and
 * ClusterIssuers are this test's), applied as apply.test.ts applies the wosp bundles, to an API server
 * that serves cert-manager's own CRDs: certificate-authority.yaml first, then every pod's objects, its
 * Certificate among them; server-side with strict field validation, a dry run first, then for real, with
 * no error and no warning. Every namespace enforces Pod Security `restricted`, and the Pods the
 * controller manager makes from each Deployment are admitted.
 */
const cluster = testCluster();
const crds = certManagerCrds;

const sources = openMtlsExamples();
const examples = sources.map(({ file, text }) => {
  const name = `open-${file.replace(/-open-mtls\.yaml$/, "")}`;
  return [file, renamed(text, name)] as const;
});

type Json = Record<string, unknown>;

function documents(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, "utf8")).map((document) => document.toJS() as Json);
}

function writeObjects(...objects: Json[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "lane7-broken-")), "objects.yaml");
  writeFileSync(file, objects.map((object) => stringify(object)).join("---\n"));
  return file;
}

/** `object.spec` with `field` renamed to `misspelt`, as a typo in the renderer would write it. */
function misspelt(object: Json | undefined, field: string, misspelling: string): Json {
  if (!object) throw new Error("no object to misspell");
  const { [field]: value, ...spec } = object.spec as Json;
  if (value === undefined) throw new Error(`no spec.${field} to misspell`);
  return { ...object, spec: { ...spec, [misspelling]: value } };
}

describe.skipIf(cluster === null || crds === null)(
  "every open-mtls bundle on a real API server with cert-manager's CRDs",
  () => {
    const live = cluster as ClusterInfo;

    it("covers every example", () => {
      expect(examples.length).toBeGreaterThan(0);
      for (const [, model] of examples) expect(model.security.profile).toBe("open-mtls");
    });

    // One after another: the other cluster test files share the API server, and their timeouts with it.
    it.each(examples)(
      "%s: applies cleanly, CA and certificates included, and its pods are admitted",
      async (name, model) => {
        await expectBundleAccepted(live, writeBundle(name, model));
      },
      120_000,
    );

    it("refuses a cert-manager field misspelt, or a value its schema does not allow", async () => {
      const [source] = sources;
      if (!source) throw new Error("no open-mtls example");
      const bundle = writeBundle(source.file, renamed(source.text, "open-misspelt"));
      const pod = bundle.model.pods[0];
      if (!pod) throw new Error(`${source.file} has no pods`);
      await expectAppliedCleanly(live, [join(bundle.dir, pod.id, "01-namespace.yaml")]);
      const [selfSigned, ca] = documents(join(bundle.dir, CERTIFICATE_AUTHORITY_FILE));
      const workload = documents(join(bundle.dir, pod.id, "02-secrets.yaml")).find(
        (object) => object.kind === "Certificate",
      );
      const broken: [Json, RegExp][] = [
        [misspelt(workload, "renewBefore", "renewBefor"), /renewBefor: field not declared in schema/],
        [misspelt(selfSigned, "selfSigned", "selfsigned"), /selfsigned: field not declared in schema/],
        [misspelt(ca, "isCA", "isCa"), /isCa: field not declared in schema/],
        [
          { ...ca, spec: { ...(ca?.spec as Json), privateKey: { algorithm: "ECDSa", size: 256 } } },
          /spec.privateKey.algorithm: Unsupported value: "ECDSa"/,
        ],
      ];
      for (const [object, refusal] of broken) {
        const objects = writeObjects(object);
        const result = await serverSideApply(live, [objects], { dryRun: true });
        expect(result.status, String(object.kind)).not.toBe(0);
        expect(result.stderr).toMatch(refusal);
        await expect(expectAppliedCleanly(live, [objects])).rejects.toThrow();
      }
    });
  },
);

async function expectBundleAccepted(live: ClusterInfo, bundle: WrittenBundle): Promise<void> {
  await expectAppliedCleanly(live, [join(bundle.dir, CERTIFICATE_AUTHORITY_FILE)]);
  // Namespaces first: a dry run of an object in a namespace needs the namespace.
  await expectAppliedCleanly(live, manifestPaths(bundle, "01-namespace.yaml"));
  await expectAppliedCleanly(live, [
    ...manifestPaths(bundle, "02-secrets.yaml"),
    ...manifestPaths(bundle, "03-deployment.yaml"),
  ]);
  const certificates = manifestPaths(bundle, "02-secrets.yaml").flatMap((file) =>
    documents(file).filter((object) => object.kind === "Certificate"),
  );
  expect(certificates).toHaveLength(bundle.model.pods.length);
  const namespaces = bundle.model.pods.map((pod) => pod.namespace);
  await expectRestricted(live, namespaces);
  await Promise.all(namespaces.map((namespace) => expectPodsAdmitted(live, namespace)));
}
