import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { NetworkStatus } from "../../src/cluster/status.js";
import { formatStatusHuman, formatStatusJson } from "../../src/cli/format/status.js";
import { styleFor } from "../../src/io.js";
import { ROOT, runCli, runInProcess } from "../support/cli.js";

/** `lane7 status` and `lane7 teardown` without a cluster: their report, and the errors they exit 2 on. */
const STATUS: NetworkStatus = {
  network: "bi-pod",
  target: { context: "staging", server: "https://10.0.0.1:6443", user: "ci" },
  ready: false,
  pods: [
    {
      pod: "pod-2",
      namespace: "bi-pod-pod-2-ns",
      ready: true,
      readyReplicas: 1,
      desiredReplicas: 1,
      restarts: 0,
      lastWarning: null,
      problems: [],
    },
    {
      pod: "pod-1",
      namespace: "bi-pod-pod-1-ns",
      ready: false,
      readyReplicas: 0,
      desiredReplicas: 1,
      restarts: 4,
      lastWarning: {
        object: "Pod/pod-1-x",
        reason: "BackOff",
        message: "Back-off restarting\u001b[31m",
        count: 4,
      },
      problems: [
        { kind: "crash-loop", pod: "pod-1-x", message: "container web-app is crash-looping (4 restarts)" },
      ],
    },
  ],
  tasks: {
    carrying: true,
    pods: [
      {
        pod: "pod-1",
        namespace: "bi-pod-pod-1-ns",
        tasks: [{ task: "t-1", trail: ["pod-1", "pod-2", "pod-1"], partial: false }],
      },
    ],
  },
  drift: [
    { kind: "missing", object: "Service bi-pod-pod-2-ns/pod-2", detail: "in the bundle, not on the cluster" },
  ],
  certificates: null,
};

describe("lane7 status report", () => {
  it("human: the pods, why one is not ready and its last warning, the tasks' trails, drift, the verdict", () => {
    expect(formatStatusHuman(STATUS, styleFor(false))).toBe(
      [
        "network bi-pod on context staging (https://10.0.0.1:6443, user ci)",
        "",
        "pod    namespace        ready      restarts",
        "pod-2  bi-pod-pod-2-ns  1/1 ready  0",
        "pod-1  bi-pod-pod-1-ns  0/1 ready  4",
        "    pod-1-x: container web-app is crash-looping (4 restarts)",
        "    last warning: Pod/pod-1-x BackOff: Back-off restarting\\x1b[31m (4 times)",
        "",
        "tasks end to end: yes",
        "  pod-1: last 1 task",
        "    t-1: pod-1 → pod-2 → pod-1",
        "",
        "drift from the bundle: 1 difference",
        "  missing Service bi-pod-pod-2-ns/pod-2: in the bundle, not on the cluster",
        "",
        "not ready: 1 of 2 pods",
        "",
      ].join("\n"),
    );
  });

  it("open-mtls: each Certificate not ready and why, between the pods and the tasks", () => {
    const certificates = {
      missingCrds: [],
      certificates: [
        { object: "Certificate cert-manager/bi-pod-lane7-ca", pod: null, ready: true, detail: "" },
        {
          object: "Certificate bi-pod-pod-1-ns/pod-1-workload",
          pod: "pod-1",
          ready: false,
          detail: "DoesNotExist: Issuer bi-pod-lane7-ca not found",
        },
      ],
    };
    const text = formatStatusHuman({ ...STATUS, certificates }, styleFor(false));
    expect(text).toContain(
      "    last warning: Pod/pod-1-x BackOff: Back-off restarting\\x1b[31m (4 times)\n\n" +
        "certificates (cert-manager): 1 of 2 certificates ready\n" +
        "  Certificate bi-pod-pod-1-ns/pod-1-workload (pod pod-1): not ready: DoesNotExist: Issuer bi-pod-lane7-ca not found\n" +
        "\ntasks end to end: yes\n",
    );
    const missing = { missingCrds: ["certificates.cert-manager.io"], certificates: [] };
    expect(formatStatusHuman({ ...STATUS, certificates: missing }, styleFor(false))).toContain(
      "\ncertificates: cert-manager is not installed (no CRD certificates.cert-manager.io)\n\ntasks",
    );
  });

  it("json: every field, a formatVersion, no raw control character", () => {
    const text = formatStatusJson(STATUS);
    expect(text).not.toContain("\u001b");
    expect(JSON.parse(text)).toEqual({ formatVersion: 1, ...STATUS });
  });
});

describe("lane7 status and teardown: errors exit 2 with one line", () => {
  const dir = mkdtempSync(join(tmpdir(), "lane7-status-cli-"));
  const kubeconfig = join(dir, "config");
  // Port 1 on the loopback: nothing listens there.
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "nowhere", cluster: { server: "https://127.0.0.1:1" } }],
      users: [{ name: "ci", user: { token: "t" } }],
      contexts: [{ name: "nowhere", context: { cluster: "nowhere", user: "ci" } }],
      "current-context": "nowhere",
    }),
  );
  const network = `${ROOT}examples/bi-pod.yaml`;

  it(
    "an unreachable API server (the built CLI, which loads client-node on demand)",
    { timeout: 60_000 },
    () => {
      for (const command of [["status"], ["teardown", "--yes"]]) {
        const run = runCli([...command, network, "--kubeconfig", kubeconfig]);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.trimEnd().split("\n").at(-1)).toMatch(
          /^lane7: [^:]+: cannot reach the API server https:\/\/127\.0\.0\.1:1 \(connection refused\)$/,
        );
      }
    },
  );

  it("an unknown context, and --watch without a terminal", async () => {
    const context = await runInProcess(
      ["status", network, "--kubeconfig", kubeconfig, "--context", "prod"],
      ROOT,
    );
    expect(context.code).toBe(2);
    expect(context.stderr).toBe("lane7: no context named prod: the kubeconfig has nowhere\n");
    const watch = await runInProcess(["status", network, "--kubeconfig", kubeconfig, "--watch"], ROOT);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toBe(
      "lane7: --watch redraws a terminal: it needs one on stdout, and --format human\n",
    );
  });

  it("a directory that is not a bundle", async () => {
    const run = await runInProcess(["teardown", dir, "--kubeconfig", kubeconfig, "--yes"], ROOT);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`lane7: ${dir}: not a lane7 bundle (it holds no blueprint.yaml at its root)\n`);
  });
});
