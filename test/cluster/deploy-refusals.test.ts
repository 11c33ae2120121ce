import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.js";
import type { Input } from "../../src/io.js";
import { runInProcess } from "../support/cli.js";
import { getJson, kubectl, testCluster, type ClusterInfo } from "../support/cluster.js";
import { OPTIONS } from "../support/models.js";
import { writeBundle } from "./bundles.js";
import {
  credentialsFor,
  deploy,
  example,
  filledBundle,
  liveNamespaces,
  pinholeSetup,
  renamed,
  settledVersions,
  versions,
} from "./deploying.js";

/**
 * What `lane7 deploy` refuses before it writes anything (placeholder credentials, missing pinhole TLS
 * secrets, fields another manager owns), --dry-run, and the other inputs: a network file composed in
 * memory with --credentials, and a bundle zip.
 */
const cluster = testCluster();

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "lane7-deploy-"));
}

/** A network file under the name `name`, and a credentials file for it, in a new directory. */
function networkFiles(file: string, name: string): { dir: string; network: string; credentials: string } {
  const dir = scratch();
  const text = example(file).replace(/^( {2}name: ).*$/m, `$1${name}`);
  writeFileSync(join(dir, "network.yaml"), text);
  writeFileSync(join(dir, "credentials.yaml"), stringify(credentialsFor(renamed(example(file), name))));
  return { dir, network: join(dir, "network.yaml"), credentials: join(dir, "credentials.yaml") };
}

/** A kubeconfig whose server nobody answers at: a deploy that connects fails on it. */
function unreachableKubeconfig(): string {
  const file = join(scratch(), "kubeconfig");
  writeFileSync(
    file,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:9" } }],
      users: [{ name: "u", user: { token: "t" } }],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
      "current-context": "x",
    }),
  );
  return file;
}

describe.skipIf(cluster === null)("lane7 deploy: refusals, --dry-run and inputs", () => {
  const live = cluster as ClusterInfo;

  it("placeholder credentials: refused before connecting, nothing created", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-placeholders");
    const bundle = writeBundle(model.name, model, OPTIONS);
    const namespaces = model.pods.map((pod) => pod.namespace);
    for (const kubeconfig of [live.kubeconfig, unreachableKubeconfig()]) {
      const result = await runInProcess(
        ["deploy", bundle.dir, "--kubeconfig", kubeconfig, "--yes"],
        tmpdir(),
        {},
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("these files still hold placeholder credentials (REPLACE_ME_):");
      expect(result.stderr).toContain("  pod-1/02-secrets.yaml\n");
      expect(result.stdout).toBe("");
    }
    expect(await liveNamespaces(live, namespaces)).toEqual([]);
  });

  it("missing pinhole TLS secrets: refused, naming them and pinhole-setup.sh, nothing created", async () => {
    const files = networkFiles("quad-pod.yaml", "deploy-no-pinhole");
    const model = renamed(example("quad-pod.yaml"), "deploy-no-pinhole");
    const result = await deploy(
      live,
      [files.network, "--credentials", files.credentials, "--yes"],
      files.dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("these pinhole TLS secrets do not exist yet:\n");
    expect(result.stderr).toContain("  deploy-no-pinhole-ingest-ns/ingest-pinhole-tls\n");
    expect(result.stderr).toContain("  deploy-no-pinhole-ingest-ns/ingest-pinhole-client-ca\n");
    expect(result.stderr).toContain("  deploy-no-pinhole-merger-ns/merger-pinhole-tls\n");
    expect(result.stderr).toContain(`./pinhole-setup.sh --context `);
    expect(result.stdout).toBe("");
    expect(
      await liveNamespaces(
        live,
        model.pods.map((pod) => pod.namespace),
      ),
    ).toEqual([]);

    const bundle = filledBundle(model);
    const fromBundle = await deploy(live, [bundle.dir, "--yes"]);
    expect(fromBundle.code).toBe(2);
    expect(fromBundle.stderr).toContain(`Create them first, in ${bundle.dir}:\n  KUBECONFIG=`);
    await pinholeSetup(live, bundle);
    const deployed = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
    expect(deployed.code, deployed.stderr).toBe(0);
  }, 60_000);

  it("--dry-run of a new network: exit 1, the plan, and nothing created", async () => {
    const files = networkFiles("bi-pod.yaml", "deploy-dry-run");
    const model = renamed(example("bi-pod.yaml"), "deploy-dry-run");
    const result = await deploy(live, [files.network, "--credentials", files.credentials, "--dry-run"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("  create  Secret deploy-dry-run-pod-1-ns/pod-1-wosp-credentials");
    expect(result.stdout).toContain("  create  Namespace deploy-dry-run-pod-1-ns\n");
    expect(result.stdout).not.toContain("KEY-pod-1");
    expect(
      await liveNamespaces(
        live,
        model.pods.map((pod) => pod.namespace),
      ),
    ).toEqual([]);
    expect(await versions(live, model.name)).toEqual({});
  });

  it("a network file with --credentials, then its zip: deployed once, then nothing to change", async () => {
    const files = networkFiles("tri-pod-fan-in.yaml", "deploy-inputs");
    const model = renamed(example("tri-pod-fan-in.yaml"), "deploy-inputs");
    const zip = join(files.dir, "bundle.zip");
    const composed = await runInProcess(
      ["compose", files.network, "--credentials", files.credentials, "--zip", zip],
      files.dir,
      {},
    );
    expect(composed.code, composed.stderr).toBe(0);
    const env = ["--credentials", files.credentials];
    const pinholes = await deploy(live, [files.network, ...env, "--yes", "--no-wait"]);
    if (model.pods.some((pod) => pod.pinhole)) {
      expect(pinholes.code).toBe(2);
      await pinholeSetup(live, filledBundle(model));
    }
    const first = await deploy(live, [files.network, ...env, "--yes", "--no-wait"]);
    expect(first.code, first.stderr).toBe(0);
    const deployed = await settledVersions(live, model.name);
    const again = await deploy(live, [zip, "--dry-run"]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain(`network ${model.name}: nothing to change\n`);
    expect(await versions(live, model.name)).toEqual(deployed);
    const mixed = await deploy(live, [zip, ...env]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("--credentials and --images apply to a network file");
  }, 60_000);

  it("on a terminal, it asks; an answer other than yes changes nothing", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-declined");
    const bundle = filledBundle(model);
    const stdin = Object.assign(new PassThrough(), { isTTY: true }) as PassThrough & Input;
    stdin.end("n\n");
    let stderr = "";
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      cwd: tmpdir(),
      stdin,
    };
    const code = await main(["deploy", bundle.dir, "--kubeconfig", live.kubeconfig], io);
    expect(stderr).toContain("Deploy Bi-Pod");
    expect(stderr).toContain("(network deploy-declined) to context ");
    expect(stderr).toContain("? [y/N] ");
    expect(stderr).toContain("lane7: cancelled; nothing was changed\n");
    // as teardown, deploy.sh and teardown.sh answer a "no": not an error, nothing done
    expect(code).toBe(1);
    expect(
      await liveNamespaces(
        live,
        model.pods.map((pod) => pod.namespace),
      ),
    ).toEqual([]);
  });

  it("a field another manager set to another value: reported by field and manager; --force-conflicts takes it over", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-conflict");
    const bundle = filledBundle(model);
    const first = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
    expect(first.code, first.stderr).toBe(0);
    const namespace = "deploy-conflict-pod-1-ns";
    const intrusion = stringify({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: { "lane7.dev/role": "intruded" } },
    });
    const taken = await kubectl(
      live,
      ["apply", "--server-side", "--field-manager=intruder", "--force-conflicts", "-f", "-"],
      intrusion,
    );
    expect(taken.status, taken.stderr).toBe(0);
    const before = await settledVersions(live, model.name);

    const refused = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `  Namespace ${namespace}: metadata.labels.lane7.dev/role is managed by intruder\n`,
    );
    expect(refused.stderr).toContain("--force-conflicts");
    expect(await versions(live, model.name)).toEqual(before);

    const forced = await deploy(live, [bundle.dir, "--yes", "--no-wait", "--force-conflicts"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`  change  Namespace ${namespace}: metadata.labels\n`);
    const labels = await getJson<{ metadata: { labels: Record<string, string> } }>(live, [
      "namespace",
      namespace,
    ]);
    expect(labels.metadata.labels["lane7.dev/role"]).toBe(
      model.pods.find((pod) => pod.namespace === namespace)?.role,
    );
  });
});
