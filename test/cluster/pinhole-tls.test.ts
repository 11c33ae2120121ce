import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "../support/cli.js";
import {
  clusterEnv,
  kubectl,
  runCommand,
  serverWarnings,
  testCluster,
  type ClusterInfo,
} from "../support/cluster.js";

/**
 * The pinhole CAs outlive the bundle: quad-pod (a tier 2 pinhole at ingest, tier 1 at merger), under a
 * name of its own, composed with `lane7 compose -o DIR`, set up with its pinhole-setup.sh against the real
 * API server, composed again with --force and set up again. A caller's client certificate from the first
 * setup must still verify against the client CA the pinhole loads; only --rotate may change that.
 */
const cluster = testCluster();

const NAME = "quad-pod-tls";
const NAMESPACE = `${NAME}-ingest-ns`;

describe.skipIf(cluster === null)(
  "the pinhole TLS material across a recompose, on the real API server",
  () => {
    const live = cluster as ClusterInfo;
    const parent = mkdtempSync(join(tmpdir(), "lane7-cluster-tls-"));
    const network = join(parent, `${NAME}.yaml`);
    writeFileSync(
      network,
      readFileSync(join(ROOT, "examples/quad-pod.yaml"), "utf8").replace("name: quad-pod", `name: ${NAME}`),
    );
    const bundle = join(parent, "bundle");
    /** What a caller was handed after the first setup: the CA to trust, and the ingest client certificate. */
    const caller = join(parent, "caller");

    afterAll(async () => {
      const namespaces = ["ingest", "grpc-worker", "stream-worker", "merger"].map(
        (pod) => `${NAME}-${pod}-ns`,
      );
      await kubectl(live, ["delete", "namespace", ...namespaces, "--ignore-not-found", "--wait=false"]);
    });

    async function compose(extra: string[]): Promise<void> {
      const result = await runInProcess(["compose", network, "-o", bundle, ...extra], parent);
      expect(result.code, result.stderr).toBe(0);
    }

    /** Runs the bundle's pinhole-setup.sh as a user would; returns the TLS directory it reports. */
    async function pinholeSetup(extra: string[]): Promise<string> {
      const cwd = mkdtempSync(join(tmpdir(), "lane7-cluster-cwd-"));
      const result = await runCommand("bash", [join(bundle, "pinhole-setup.sh"), "--yes", ...extra], {
        env: clusterEnv(live),
        cwd,
      });
      expect(serverWarnings(result.stderr), "the API server warned").toEqual([]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const dir = /^TLS material in (.+)\/ \(/m.exec(result.stdout)?.[1];
      if (dir === undefined)
        throw new Error(`pinhole-setup.sh did not say where the TLS material is:\n${result.stdout}`);
      return dir;
    }

    /** The client CA the ingest pinhole loads, from its Secret in the cluster, as a file. */
    async function clientCaInCluster(): Promise<string> {
      const result = await kubectl(live, [
        ...["get", "secret", "ingest-pinhole-client-ca", "--namespace", NAMESPACE],
        ...["-o", "jsonpath={.data.ca\\.crt}"],
      ]);
      expect(result.status, result.stderr).toBe(0);
      const file = join(mkdtempSync(join(tmpdir(), "lane7-client-ca-")), "ca.crt");
      writeFileSync(file, Buffer.from(result.stdout, "base64"));
      return file;
    }

    function verifies(caFile: string, cert: string): boolean {
      return spawnSync("openssl", ["verify", "-CAfile", caFile, "-purpose", "sslclient", cert]).status === 0;
    }

    it("first setup: the CA and the caller's client certificate, kept beside the bundle", async () => {
      await compose([]);
      const dir = await pinholeSetup([]);
      mkdirSync(caller);
      copyFileSync(join(dir, "ca.crt"), join(caller, "ca.crt"));
      copyFileSync(join(dir, "ingest", "client.crt"), join(caller, "client.crt"));
      expect(verifies(await clientCaInCluster(), join(caller, "client.crt"))).toBe(true);
      expect(dir).toBe(join(parent, `${NAME}-pinhole-tls`));
    });

    it("keeps the CAs through lane7 compose --force and a second setup: the caller's certificate still verifies", async () => {
      await compose(["--force"]);
      const dir = await pinholeSetup([]);
      expect(readFileSync(join(dir, "ca.crt"), "utf8")).toBe(readFileSync(join(caller, "ca.crt"), "utf8"));
      expect(verifies(join(dir, "ingest", "client-ca.crt"), join(caller, "client.crt"))).toBe(true);
      expect(verifies(await clientCaInCluster(), join(caller, "client.crt"))).toBe(true);
    });

    it("replaces them with --rotate: the caller's certificate no longer verifies", async () => {
      const dir = await pinholeSetup(["--rotate"]);
      expect(readFileSync(join(dir, "ca.crt"), "utf8")).not.toBe(
        readFileSync(join(caller, "ca.crt"), "utf8"),
      );
      expect(verifies(await clientCaInCluster(), join(caller, "client.crt"))).toBe(false);
    });
  },
);
