import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../../src/model/model.js";
import { exampleModel, HOSTILE_TITLE } from "../../support/models.js";
import { run, writeBundle } from "./bundle.js";

const model = exampleModel("agentic-ai");
const DOWNSTREAM_FIRST = model.deployOrder;

describe("the deploy order of agentic-ai", () => {
  it("puts every pod after the pods it sends to", () => {
    for (const edge of model.edges) {
      expect(DOWNSTREAM_FIRST.indexOf(edge.to)).toBeLessThan(DOWNSTREAM_FIRST.indexOf(edge.from));
    }
    expect([...DOWNSTREAM_FIRST].sort()).toEqual(model.pods.map((pod) => pod.id).sort());
  });
});

describe("deploy.sh", () => {
  it("applies namespaces, then secrets, then deployments, downstream pods first, then waits for each rollout", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", []);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const applies = result.calls.filter((call) => call.startsWith("apply "));
    expect(applies).toEqual(
      ["01-namespace.yaml", "02-secrets.yaml", "03-deployment.yaml"].flatMap((file) =>
        DOWNSTREAM_FIRST.map((pod) => `apply -f ${pod}/${file}`),
      ),
    );
    const rollouts = result.calls.filter((call) => call.startsWith("rollout "));
    expect(rollouts).toEqual(
      DOWNSTREAM_FIRST.map(
        (pod) => `rollout status deployment/${pod} --namespace agentic-ai-${pod}-ns --timeout 5m`,
      ),
    );
    expect(result.calls.indexOf(rollouts[0] ?? "")).toBeGreaterThan(
      result.calls.indexOf(applies.at(-1) ?? ""),
    );
    expect(result.stdout).toContain(
      "kubectl --context fake-ctx logs --namespace agentic-ai-ai-results-sink-ns deployment/ai-results-sink -c web-app | grep trail",
    );
  });

  it("checks the pinhole TLS secrets of the boundary pods before applying anything", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", []);
    const lookups = result.calls.filter((call) => call.startsWith("get secret "));
    expect(lookups.map((call) => call.split(" ").slice(2, 5).join(" "))).toEqual([
      "ai-gateway-pinhole-tls --namespace agentic-ai-ai-gateway-ns",
      "ai-gateway-pinhole-client-ca --namespace agentic-ai-ai-gateway-ns",
      "ai-results-sink-pinhole-tls --namespace agentic-ai-ai-results-sink-ns",
      "ai-results-sink-pinhole-client-ca --namespace agentic-ai-ai-results-sink-ns",
    ]);
  });

  it("refuses to deploy while pinhole TLS secrets are missing, and says to run pinhole-setup.sh", () => {
    const bundle = writeBundle(model, { placeholders: false });
    const result = run(bundle, "deploy.sh", [], { env: { FAKE_NO_SECRETS: "1" } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("agentic-ai-ai-gateway-ns/ai-gateway-pinhole-tls");
    expect(result.stderr).toContain("bash pinhole-setup.sh --context fake-ctx");
    expect(result.stderr).toContain(`certificates in ${join(dirname(bundle), "agentic-ai-pinhole-tls")}/,`);
    expect(result.calls.filter((call) => call.startsWith("apply "))).toEqual([]);
  });

  it("names LANE7_PINHOLE_TLS_DIR as where pinhole-setup.sh keeps the TLS files, when it is set", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", [], {
      env: { FAKE_NO_SECRETS: "1", LANE7_PINHOLE_TLS_DIR: "/srv/tls" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("certificates in /srv/tls/,");
  });

  it("refuses to deploy placeholder credentials, names the files and how to fill them, touches nothing", () => {
    const result = run(writeBundle(model, { placeholders: true }), "deploy.sh", ["--yes"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("ai-gateway/02-secrets.yaml");
    expect(result.stderr).toContain("nlp-processor/02-secrets.yaml");
    expect(result.stderr).toContain("lane7 compose NETWORK.yaml --credentials FILE");
    expect(result.calls).toEqual([]);
  });

  it("uses the context given with --context, and refuses one kubectl does not know", () => {
    const bundle = writeBundle(exampleModel("bi-pod"), { placeholders: false });
    const known = run(bundle, "deploy.sh", ["--context", "fake-ctx", "--timeout", "30s"]);
    expect(known.status).toBe(0);
    expect(known.calls).toContain(
      "rollout status deployment/pod-1 --namespace bi-pod-pod-1-ns --timeout 30s",
    );
    const unknown = run(bundle, "deploy.sh", ["--context", "prod"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no context named 'prod'");
    expect(unknown.calls).toEqual([]);
  });

  it("with --no-wait, applies everything and returns without waiting for a rollout", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", ["--no-wait"]);
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith("apply "))).toHaveLength(3 * model.pods.length);
    expect(result.calls.filter((call) => call.startsWith("rollout "))).toEqual([]);
    expect(result.stdout).toContain("not waiting for the rollouts (--no-wait)");
    const help = run(writeBundle(model, { placeholders: false }), "deploy.sh", ["--help"]);
    expect(help.stdout).toContain("--no-wait");
  });

  it("rejects unknown arguments and prints its help", () => {
    const bundle = writeBundle(exampleModel("bi-pod"), { placeholders: false });
    expect(run(bundle, "deploy.sh", ["--frobnicate"]).status).toBe(1);
    const help = run(bundle, "deploy.sh", ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: bash deploy.sh");
    expect(help.calls).toEqual([]);
  });

  it("asks for confirmation at a terminal, and changes nothing unless the answer is yes", () => {
    const bundle = writeBundle(exampleModel("bi-pod"), { placeholders: false });
    const declined = run(bundle, "deploy.sh", [], { terminal: "n\n" });
    expect(declined.status).toBe(1);
    expect(declined.stdout).toContain("Deploy to kubectl context 'fake-ctx'? [y/N]");
    expect(declined.stdout).toContain("cancelled; nothing was changed");
    expect(declined.calls).toEqual([]);
    const accepted = run(bundle, "deploy.sh", [], { terminal: "y\n" });
    expect(accepted.status).toBe(0);
    expect(accepted.calls.filter((call) => call.startsWith("apply "))).toHaveLength(6);
    const forced = run(bundle, "deploy.sh", ["--yes"], { terminal: "" });
    expect(forced.status).toBe(0);
    expect(forced.stdout).not.toContain("[y/N]");
  });

  it("treats a hostile network title as text", () => {
    const hostile: BlueprintModel = { ...model, title: HOSTILE_TITLE };
    const result = run(writeBundle(hostile, { placeholders: false }), "deploy.sh", ["--yes"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`About to deploy ${HOSTILE_TITLE} (network agentic-ai)`);
    expect(existsSync(join(result.cwd, "pwned"))).toBe(false);
  });
});

describe("teardown.sh", () => {
  const namespaceDeletions = [...DOWNSTREAM_FIRST]
    .reverse()
    .map((pod) => `delete namespace agentic-ai-${pod}-ns --ignore-not-found --wait --timeout 5m`);
  const selector = "lane7.dev/network=agentic-ai,app.kubernetes.io/managed-by=lane7";
  const lookups = [
    "auth can-i get customresourcedefinitions.apiextensions.k8s.io --all-namespaces",
    "get customresourcedefinition certificates.cert-manager.io --ignore-not-found -o name",
    "get customresourcedefinition clusterissuers.cert-manager.io --ignore-not-found -o name",
    ...["certificates.cert-manager.io", "clusterissuers.cert-manager.io", "secrets"].map(
      (kind) =>
        `get ${kind} --all-namespaces --selector ${selector} -o jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}`,
    ),
  ];
  const deletions = (result: { calls: string[] }) =>
    result.calls.filter((call) => call.startsWith("delete "));

  it("asks at a terminal before deleting anything", () => {
    const result = run(writeBundle(model, { placeholders: true }), "teardown.sh", [], { terminal: "\n" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("[y/N]");
    expect(deletions(result)).toEqual([]);
  });

  it("deletes the namespaces in reverse deploy order, idempotently, waiting for each", () => {
    const result = run(writeBundle(model, { placeholders: true }), "teardown.sh", ["--yes"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("agentic-ai-ai-gateway-ns");
    expect(result.stdout).not.toContain("certificate authority");
    expect(result.calls).toEqual([...lookups, ...namespaceDeletions]);
  });

  it("then deletes, by name, the certificate authority an open-mtls deployment left outside the namespaces", () => {
    const result = run(writeBundle(model, { placeholders: true }), "teardown.sh", ["--yes"], {
      env: {
        FAKE_LABELLED_CERTIFICATES:
          "cert-manager/agentic-ai-lane7-ca agentic-ai-ai-gateway-ns/ai-gateway-workload",
        FAKE_LABELLED_CLUSTERISSUERS: "/agentic-ai-lane7-ca /agentic-ai-lane7-selfsigned",
        FAKE_LABELLED_SECRETS:
          "cert-manager/agentic-ai-lane7-ca agentic-ai-ai-gateway-ns/ai-gateway-workload-tls",
      },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "and then the certificate authority an open-mtls deployment of it left:\n" +
        "  certificates.cert-manager.io cert-manager/agentic-ai-lane7-ca\n" +
        "  clusterissuers.cert-manager.io agentic-ai-lane7-ca\n" +
        "  clusterissuers.cert-manager.io agentic-ai-lane7-selfsigned\n" +
        "  secrets cert-manager/agentic-ai-lane7-ca\n",
    );
    expect(deletions(result)).toEqual([
      ...namespaceDeletions,
      "delete certificates.cert-manager.io agentic-ai-lane7-ca --namespace cert-manager --ignore-not-found",
      "delete clusterissuers.cert-manager.io agentic-ai-lane7-ca --ignore-not-found",
      "delete clusterissuers.cert-manager.io agentic-ai-lane7-selfsigned --ignore-not-found",
      "delete secrets agentic-ai-lane7-ca --namespace cert-manager --ignore-not-found",
    ]);
  });

  it.each([
    ["may not look cert-manager's CRDs up", { FAKE_CANNOT: "1" }, lookups.slice(0, 1)],
    ["sees no cert-manager", { FAKE_NO_CRDS: "1" }, lookups.slice(0, 2)],
  ])("looks for nothing more when the account %s", (_, env, expected) => {
    const result = run(writeBundle(model, { placeholders: true }), "teardown.sh", ["--yes"], {
      env: { ...env, FAKE_LABELLED_CLUSTERISSUERS: "/agentic-ai-lane7-ca" },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.calls).toEqual([...expected, ...namespaceDeletions]);
  });

  it("says so when the cluster does not answer whether the account may look CRDs up", () => {
    const result = run(writeBundle(model, { placeholders: true }), "teardown.sh", ["--yes"], {
      env: { FAKE_CANNOT_ASK: "1", FAKE_LABELLED_CLUSTERISSUERS: "/agentic-ai-lane7-ca" },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      "error: the server is unreachable\n" +
        "teardown.sh: warning: the cluster did not say whether this account may look CRDs up, so this run " +
        "does not look for a certificate authority an open-mtls deployment may have left\n",
    );
    expect(result.calls).toEqual([...lookups.slice(0, 1), ...namespaceDeletions]);
  });
});
