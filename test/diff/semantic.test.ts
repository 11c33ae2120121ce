import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { diffSides } from "../../src/diff/diff.js";
import { formatDiffHuman } from "../../src/diff/format/human.js";
import { formatDiffJson } from "../../src/diff/format/json.js";
import { formatDiffMarkdown } from "../../src/diff/format/markdown.js";
import type { DiffResult, FileChange, SecurityChange } from "../../src/diff/result.js";
import { composedSide, type Side } from "../../src/diff/side.js";
import { styleFor } from "../../src/io.js";
import { ROOT } from "../support/cli.js";
import { asOpenMtls } from "../support/findings.js";
import {
  composeText,
  diffTexts,
  EDITS,
  edited,
  exampleText,
  SECRET_VALUES,
  SECRETS,
  sideOf,
} from "./support.js";

const schema = JSON.parse(readFileSync(join(ROOT, "schemas/diff-output.schema.json"), "utf8")) as object;
const conforms = new Ajv({ strict: true, allErrors: true }).compile(schema);

function allFormats(result: DiffResult): string[] {
  return [formatDiffJson(result), formatDiffHuman(result, styleFor(false)), formatDiffMarkdown(result)];
}

function file(result: DiffResult, path: string): FileChange {
  const found = result.files.find((change) => change.path === path);
  if (!found)
    throw new Error(`no change of ${path} in ${result.files.map((change) => change.path).join(", ")}`);
  return found;
}

const NO_NETWORK_CHANGE = {
  name: null,
  title: null,
  security: null,
  mode: null,
  pods: { added: [], removed: [], changed: [] },
  edges: { added: [], removed: [] },
};

describe("lane7 diff: network and security posture", () => {
  it("a new edge is a new allowed route, called out as loosening", () => {
    const result = diffTexts(exampleText("agentic-ai"), edited("agentic-ai", EDITS.newEdge));
    expect(result.network).toEqual({
      ...NO_NETWORK_CHANGE,
      edges: { added: [{ from: "ai-gateway", to: "nlp-processor", protocol: "http" }], removed: [] },
    });
    expect(result.security).toEqual([
      {
        kind: "route-added",
        effect: "loosens",
        from: "ai-gateway",
        to: "nlp-processor",
        protocol: "http",
        summary: "new route ai-gateway → nlp-processor (HTTP): ai-gateway may now send to nlp-processor",
      },
    ]);
    expect(result.securityChanged).toBe(true);
    const deployment = file(result, "ai-gateway/03-deployment.yaml");
    const fields = deployment.objects?.flatMap((object) => object.fields.map((field) => field.path)) ?? [];
    expect(fields).toContain('data["envoy.yaml"] › static_resources.listeners[egress-nlp-processor]');
    expect(fields).toContain('data["envoy.yaml"] › static_resources.clusters[route-nlp-processor]');
  });

  it("a removed edge is a removed route, called out as tightening", () => {
    const result = diffTexts(edited("agentic-ai", EDITS.newEdge), exampleText("agentic-ai"));
    expect(result.network.edges).toEqual({
      added: [],
      removed: [{ from: "ai-gateway", to: "nlp-processor", protocol: "http" }],
    });
    expect(result.security.map(({ kind, effect }) => [kind, effect])).toEqual([
      ["route-removed", "tightens"],
    ]);
  });

  it("an added pod is listed with its role, protocol, pinhole and namespace; its files as added", () => {
    const result = diffTexts(exampleText("agentic-ai"), edited("agentic-ai", EDITS.newPod));
    expect(result.network).toEqual({
      ...NO_NETWORK_CHANGE,
      pods: {
        added: [
          {
            id: "audit-sink",
            role: "terminator",
            protocol: "grpc",
            namespace: "agentic-ai-audit-sink-ns",
            pinhole: null,
          },
        ],
        removed: [],
        changed: [],
      },
      edges: { added: [{ from: "nlp-processor", to: "audit-sink", protocol: "grpc" }], removed: [] },
    });
    expect(result.security.map((change) => change.kind)).toEqual(["route-added"]);
    const added = result.files.filter((change) => change.change === "added").map((change) => change.path);
    expect(added).toEqual([
      "audit-sink/01-namespace.yaml",
      "audit-sink/02-secrets.yaml",
      "audit-sink/03-deployment.yaml",
      "audit-sink/app/Dockerfile",
      "audit-sink/app/app.py",
      "audit-sink/app/requirements.txt",
    ]);
    expect(result.summary).toMatchObject({ podsAdded: 1, edgesAdded: 1, filesAdded: 6, filesRemoved: 0 });
  });

  it("armored-tunnel → armored-car tightens, and back loosens per-request rotation; no credential change", () => {
    const tightened = diffTexts(exampleText("bi-pod"), edited("bi-pod", EDITS.armoredCar));
    expect(tightened.network.mode).toEqual({ old: "armored-tunnel", new: "armored-car" });
    expect(tightened.security).toEqual([
      {
        kind: "mode",
        effect: "tightens",
        old: "armored-tunnel",
        new: "armored-car",
        summary: "mode armored-tunnel → armored-car: keys are rotated per request (CHIPS xtra4 → xtra7)",
      },
    ]);
    const loosened = diffTexts(edited("bi-pod", EDITS.armoredCar), exampleText("bi-pod"));
    expect(loosened.security.map(({ kind, effect }) => [kind, effect])).toEqual([["mode", "loosens"]]);
    expect(loosened.security[0]?.summary).toMatch(/no longer rotated per request/);
    const secrets = file(tightened, "pod-1/02-secrets.yaml").objects?.[0]?.fields;
    expect(secrets).toEqual([
      { path: "stringData.CHIPS_ALGORITHM", change: "changed", old: "xtra4", new: "xtra7" },
    ]);
  });

  it("a new pinhole loosens; a tier 2 → 1 pinhole is widened", () => {
    const pinhole = diffTexts(exampleText("tri-pod-fan-out"), edited("tri-pod-fan-out", EDITS.newPinhole));
    expect(pinhole.network.pods.changed).toEqual([
      { id: "worker-a", changes: [{ field: "pinhole", old: null, new: { tier: 2, port: 19000 } }] },
    ]);
    expect(pinhole.security).toEqual([
      {
        kind: "pinhole-added",
        effect: "loosens",
        pod: "worker-a",
        old: null,
        new: { tier: 2, port: 19000 },
        summary:
          "new pinhole on worker-a: tier 2 (mutual TLS) on port 19000, reachable from outside the cluster",
      },
    ]);
    const tier = diffTexts(exampleText("agentic-ai"), edited("agentic-ai", EDITS.tierOne));
    expect(tier.security.map(({ kind, effect }) => [kind, effect])).toEqual([["pinhole-tier", "loosens"]]);
    expect(tier.security[0]?.summary).toBe(
      "pinhole on ai-gateway widened: tier 2 (mutual TLS) → tier 1 (server TLS), client certificates no longer required",
    );
  });

  it("orders security changes loosening first, whatever the order they were found in", () => {
    const old = edited("agentic-ai", EDITS.newEdge);
    const next = exampleText("agentic-ai").replace("pinhole: { tier: 2 }", "pinhole: { tier: 1 }");
    const effects = diffTexts(old, next).security.map(({ kind, effect }) => `${effect} ${kind}`);
    expect(effects).toEqual(["loosens pinhole-tier", "tightens route-removed"]);
  });
});

describe("lane7 diff: security profile", () => {
  const openMtls = (name: string, settings = "") =>
    asOpenMtls(exampleText(name)).replace("    profile: open-mtls\n", `    profile: open-mtls\n${settings}`);
  const WOSP = { profile: "wosp", certificateHours: null, certManagerNamespace: null };
  const OPEN = { profile: "open-mtls", certificateHours: 24, certManagerNamespace: "cert-manager" };

  /** The bundle as an earlier lane7 release wrote it: blueprint.yaml without `security`. */
  function withoutSecurity(text: string): Side {
    const files = composeText(text).map((bundleFile) => {
      if (bundleFile.path !== "blueprint.yaml") return bundleFile;
      const document = parseDocument(bundleFile.content);
      document.delete("security");
      return { ...bundleFile, content: document.toString() };
    });
    return composedSide("old", files);
  }

  it("wosp → open-mtls is a security change, reported in every format; the mode is not compared", () => {
    const result = diffTexts(edited("bi-pod", EDITS.armoredCar), openMtls("bi-pod"));
    expect(result.network.security).toEqual({ old: WOSP, new: OPEN });
    expect(result.network.mode).toBeNull();
    expect(result.securityChanged).toBe(true);
    expect(result.security).toEqual([
      {
        kind: "profile",
        effect: "changes",
        old: "wosp",
        new: "open-mtls",
        summary:
          "security profile wosp → open-mtls: sidecars now prove their identity with mutual TLS and " +
          "cert-manager workload certificates (upstream Envoy; the cluster needs cert-manager), " +
          "no longer with WoSP (Hopr's licensed sidecar)",
      },
    ]);
    const [json, human, markdown] = allFormats(result);
    expect(JSON.parse(json ?? "")).toMatchObject({ securityChanged: true, security: [{ kind: "profile" }] });
    expect(human).toContain(`  ● changes   ${result.security[0]?.summary ?? ""}\n`);
    expect(human).toContain(
      "  security profile: wosp → open-mtls\n  security certificateHours: unset → 24\n",
    );
    expect(markdown).toContain("| 🔁 changes | security profile wosp → open-mtls: sidecars now prove");
    expect(markdown).toContain("- Security profile: `wosp` → `open-mtls`\n");
  });

  it("open-mtls → wosp is a security change too", () => {
    const result = diffTexts(openMtls("bi-pod"), exampleText("bi-pod"));
    expect(result.network.security).toEqual({ old: OPEN, new: WOSP });
    expect(result.security.map(({ kind, effect }) => [kind, effect])).toEqual([["profile", "changes"]]);
    expect(result.security[0]?.summary).toMatch(/^security profile open-mtls → wosp: .* with WoSP/);
  });

  it("a longer certificate lifetime loosens, a shorter one tightens, another cert-manager namespace changes", () => {
    const longer = diffTexts(openMtls("bi-pod"), openMtls("bi-pod", "    certificateHours: 48\n"));
    expect(longer.security).toEqual([
      {
        kind: "certificate-hours",
        effect: "loosens",
        old: 24,
        new: 48,
        summary:
          "workload certificate lifetime 24 h → 48 h: a certificate, and a key taken from a pod, stays valid longer",
      },
    ]);
    const shorter = diffTexts(openMtls("bi-pod", "    certificateHours: 48\n"), openMtls("bi-pod"));
    expect(shorter.security.map(({ kind, effect }) => [kind, effect])).toEqual([
      ["certificate-hours", "tightens"],
    ]);
    const moved = diffTexts(openMtls("bi-pod"), openMtls("bi-pod", "    certManagerNamespace: certs\n"));
    expect(moved.network.security).toEqual({ old: OPEN, new: { ...OPEN, certManagerNamespace: "certs" } });
    expect(moved.security).toEqual([
      {
        kind: "cert-manager-namespace",
        effect: "changes",
        old: "cert-manager",
        new: "certs",
        summary:
          "cert-manager namespace cert-manager → certs: where the network CA's Certificate and Secret are kept",
      },
    ]);
    for (const result of [longer, moved]) {
      const [, human, markdown] = allFormats(result);
      expect(human).toContain(result.security[0]?.summary);
      expect(markdown).toContain(`| ${result.security[0]?.summary ?? ""} |`);
    }
    expect(allFormats(longer)[1]).toContain("  security certificateHours: 24 → 48\n");
    expect(allFormats(moved)[2]).toContain("- Security certManagerNamespace: `cert-manager` → `certs`\n");
  });

  it("reads a blueprint without security (an earlier release's) as wosp", () => {
    const same = diffSides(withoutSecurity(exampleText("bi-pod")), sideOf(exampleText("bi-pod")));
    expect(same.network.security).toBeNull();
    expect(same.security).toEqual([]);
    const changed = diffSides(withoutSecurity(exampleText("bi-pod")), sideOf(openMtls("bi-pod")));
    expect(changed.network.security).toEqual({ old: WOSP, new: OPEN });
    expect(changed.security.map(({ kind }) => kind)).toEqual(["profile"]);
  });

  it("json: conforms to schemas/diff-output.schema.json", () => {
    const results = [
      diffTexts(exampleText("agentic-ai"), openMtls("agentic-ai")),
      diffTexts(
        openMtls("bi-pod"),
        openMtls("bi-pod", "    certificateHours: 48\n    certManagerNamespace: certs\n"),
      ),
    ];
    for (const each of results) {
      const output: unknown = JSON.parse(formatDiffJson(each));
      expect(conforms(output), JSON.stringify(conforms.errors)).toBe(true);
    }
  });
});

describe("lane7 diff: files", () => {
  it("reports a changed image as one field of one Deployment, with no security change", () => {
    const old = composeText(exampleText("agentic-ai"));
    const next = old.map((bundleFile) =>
      bundleFile.path === "ai-gateway/03-deployment.yaml"
        ? { ...bundleFile, content: bundleFile.content.replace("ai-gateway:0.1.0", "ai-gateway:0.2.0") }
        : bundleFile,
    );
    const result = diffSides(composedSide("old", old), composedSide("new", next));
    expect(result.security).toEqual([]);
    expect(result.network).toEqual(NO_NETWORK_CHANGE);
    expect(result.files).toEqual([
      {
        path: "ai-gateway/03-deployment.yaml",
        change: "modified",
        objects: [
          {
            object: "Deployment agentic-ai-ai-gateway-ns/ai-gateway",
            change: "modified",
            fields: [
              {
                path: "spec.template.spec.containers[web-app].image",
                change: "changed",
                old: "registry.example.com/agentic-ai/ai-gateway:0.1.0",
                new: "registry.example.com/agentic-ai/ai-gateway:0.2.0",
              },
            ],
          },
        ],
      },
    ]);
    expect(result).toMatchObject({ different: true, securityChanged: false });
  });

  it("reports a changed credential as a fingerprint, never the value, in every format", () => {
    const changed = diffSides(
      sideOf(exampleText("bi-pod"), { credentials: SECRETS.old }),
      sideOf(exampleText("bi-pod"), { credentials: SECRETS.new }),
    );
    expect(
      changed.security.map((change) => change.kind === "credential" && [change.pod, change.key]),
    ).toEqual([
      ["pod-1", "HOPR_LICENSE"],
      ["pod-1", "HOPR_KEY"],
      ["pod-2", "HOPR_LICENSE"],
    ]);
    const first = changed.security[0];
    expect(first).toMatchObject({
      kind: "credential",
      effect: "changes",
      secret: "bi-pod-pod-1-ns/pod-1-wosp-credentials",
      old: { state: "set", fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown },
      new: { state: "set", fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown },
    });
    const key = changed.security[1];
    const fingerprint = key?.kind === "credential" ? key.new.fingerprint : null;
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    const masked = (change: SecurityChange | undefined) =>
      change?.kind === "credential"
        ? [`[secret ${change.old.fingerprint ?? ""}]`, `[secret ${change.new.fingerprint ?? ""}]`]
        : [];
    const [oldLicense, newLicense] = masked(changed.security[0]);
    const [oldKey, newKey] = masked(key);
    expect(file(changed, "pod-1/02-secrets.yaml").objects?.[0]?.fields).toEqual([
      { path: "stringData.HOPR_LICENSE", change: "changed", old: oldLicense, new: newLicense },
      { path: "stringData.HOPR_KEY", change: "changed", old: oldKey, new: newKey },
    ]);
    for (const output of allFormats(changed)) {
      for (const secret of SECRET_VALUES) expect(output).not.toContain(secret);
      expect(output).toContain(fingerprint ?? "?");
    }
  });

  it("prints fingerprints no one can recompute from a guessed value, equal for equal values within a run", () => {
    const licenseChange = (next: { license: string; apiToken: string; keys: Record<string, string> }) => {
      const result = diffSides(
        sideOf(exampleText("bi-pod"), { credentials: SECRETS.old }),
        sideOf(exampleText("bi-pod"), { credentials: next }),
      );
      return result.security.find(
        (change) => change.kind === "credential" && change.pod === "pod-1" && change.key === "HOPR_LICENSE",
      );
    };
    const first = licenseChange(SECRETS.new);
    const second = licenseChange({ ...SECRETS.new, license: "ANOTHER-LICENSE-0123456789" });
    if (first?.kind !== "credential" || second?.kind !== "credential") throw new Error("expected changes");
    const unkeyed = createHash("sha256").update(`HOPR_LICENSE\u0000${SECRETS.old.license}`).digest("hex");
    expect(first.old.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(first.old.fingerprint).not.toBe(unkeyed.slice(0, 12));
    expect(second.old.fingerprint).toBe(first.old.fingerprint);
    expect(second.new.fingerprint).not.toBe(first.new.fingerprint);
    expect(licenseChange({ ...SECRETS.new, license: SECRETS.old.license })).toBeUndefined();
  });

  it("shows placeholder → set for credentials filled in", () => {
    const result = diffSides(
      sideOf(exampleText("bi-pod")),
      sideOf(exampleText("bi-pod"), { credentials: SECRETS.old }),
    );
    const states = result.security.map(
      (change) => change.kind === "credential" && [change.key, change.old.state, change.new.state],
    );
    expect(states).toContainEqual(["HOPR_API_TOKEN", "placeholder", "set"]);
    expect(states).toHaveLength(6);
    for (const output of allFormats(result))
      for (const secret of SECRET_VALUES) expect(output).not.toContain(secret);
  });

  it("reports an image-pull Secret added to a pod as a new credential", () => {
    const dockerConfigJson = '{"auths":{"registry.hopr.co":{"auth":"SECRET-PULL-0123456789"}}}';
    const result = diffSides(
      sideOf(exampleText("bi-pod")),
      sideOf(exampleText("bi-pod"), { imagePullSecret: { name: "regcred", dockerConfigJson } }),
    );
    expect(
      result.security.map((change) => change.kind === "credential" && [change.pod, change.key, change.new]),
    ).toEqual([
      [
        "pod-1",
        ".dockerconfigjson",
        { state: "set", fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown },
      ],
      [
        "pod-2",
        ".dockerconfigjson",
        { state: "set", fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown },
      ],
    ]);
    expect(file(result, "pod-1/02-secrets.yaml").objects).toEqual([
      { object: "Secret bi-pod-pod-1-ns/regcred", change: "added", fields: [] },
    ]);
    for (const output of allFormats(result)) expect(output).not.toContain("SECRET-PULL-0123456789");
  });

  it("masks a secret value copied into any other file", () => {
    const old = composeText(exampleText("bi-pod"), { credentials: SECRETS.old });
    const next = old.map((bundleFile) =>
      bundleFile.path === "README.md" || bundleFile.path === "pod-1/03-deployment.yaml"
        ? { ...bundleFile, content: bundleFile.content.replace("\n", `\n${SECRETS.old.license}\n`) }
        : bundleFile,
    );
    const result = diffSides(composedSide("old", old), composedSide("new", next));
    expect(file(result, "README.md").text?.unified).toContain("+[secret]\n");
    for (const output of allFormats(result))
      for (const secret of SECRET_VALUES) expect(output).not.toContain(secret);
  });

  it("never shows a secrets file that is not valid YAML as text", () => {
    const old = composeText(exampleText("bi-pod"), { credentials: SECRETS.old });
    const next = old.map((bundleFile) =>
      bundleFile.path === "pod-1/02-secrets.yaml"
        ? { ...bundleFile, content: `${bundleFile.content}: [\n` }
        : bundleFile,
    );
    const result = diffSides(composedSide("old", old), composedSide("new", next));
    expect(file(result, "pod-1/02-secrets.yaml")).toEqual({
      path: "pod-1/02-secrets.yaml",
      change: "modified",
      note: "not valid YAML on both sides; not shown: the file holds secrets",
    });
  });

  it("shows the generator version apart from the network", () => {
    const old = composeText(exampleText("bi-pod"), { lane7Version: "0.0.9" });
    const result = diffSides(composedSide("old", old), sideOf(exampleText("bi-pod")));
    expect(result.network).toEqual(NO_NETWORK_CHANGE);
    expect(result.security).toEqual([]);
    expect(result.old.generator).toBe("0.0.9");
    expect(file(result, "blueprint.yaml").objects?.[0]?.fields).toEqual([
      { path: "generator.version", change: "changed", old: "0.0.9", new: result.new.generator },
    ]);
    expect(formatDiffHuman(result, styleFor(false))).toContain(
      `note: generated by lane7 0.0.9 → ${result.new.generator}`,
    );
  });
});

describe("lane7 diff: formats", () => {
  const result = diffTexts(
    exampleText("agentic-ai"),
    edited("agentic-ai", [...EDITS.newEdge, ...EDITS.tierOne]),
  );

  it("human: security posture first, then network, then files", () => {
    const text = formatDiffHuman(result, styleFor(false));
    const at = (marker: string) => text.indexOf(marker);
    expect(text.split("\n").slice(0, 6)).toEqual([
      "lane7 diff old.yaml → new.yaml: 2 security changes · 1 pod changed · 1 edge added · " +
        `${result.summary.filesModified} files modified`,
      "",
      "Security posture: 2 changes",
      "  ▲ loosens   new route ai-gateway → nlp-processor (HTTP): ai-gateway may now send to nlp-processor",
      "  ▲ loosens   pinhole on ai-gateway widened: tier 2 (mutual TLS) → tier 1 (server TLS), client certificates no longer required",
      "",
    ]);
    expect(at("Network\n")).toBeLessThan(at("Files\n"));
    expect(text).toContain(
      "  ~ pod ai-gateway: tier 2 pinhole on port 19000 → tier 1 pinhole on port 19000\n",
    );
    expect(text).toContain("  + edge ai-gateway → nlp-processor (HTTP)\n");
    expect(text).toContain(
      "          spec.template.spec.containers[web-app].env[EGRESS_PORT_MAP].value › nlp-processor: added 18002\n",
    );
  });

  it("human: coloured only when asked", () => {
    expect(formatDiffHuman(result, styleFor(true))).toContain("\u001b[31m▲ loosens \u001b[39m");
    expect(formatDiffHuman(result, styleFor(false))).not.toContain("\u001b[");
  });

  it("markdown: a security table first, pods and edges, files with fenced diffs folded when long", () => {
    const text = formatDiffMarkdown(result);
    const sections = ["#### Security posture", "#### Network", "#### Files"].map((heading) =>
      text.indexOf(heading),
    );
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    expect(sections[0]).toBeGreaterThan(0);
    expect(text).toContain(
      "| Effect | Change |\n|---|---|\n| 🔓 loosens | new route ai-gateway → nlp-processor (HTTP): ai-gateway may now send to nlp-processor |\n",
    );
    expect(text).toContain("- ➕ `ai-gateway` → `nlp-processor` (HTTP)\n");
    expect(text).toMatch(
      /<details><summary>✏️ README\.md \(\+\d+ −\d+\)<\/summary>\n\n```diff\n--- a\/README\.md\n/,
    );
    expect(text).toContain(
      "  - `spec.template.spec.containers[web-app].env[EGRESS_PORT_MAP].value › nlp-processor`: added `18002`\n",
    );
  });

  it("markdown: short file diffs are shown unfolded", () => {
    const old = composeText(exampleText("bi-pod"));
    const next = old.map((bundleFile) =>
      bundleFile.path === "pod-1/app/requirements.txt"
        ? { ...bundleFile, content: `${bundleFile.content}extra==1.0\n` }
        : bundleFile,
    );
    const text = formatDiffMarkdown(diffSides(composedSide("old", old), composedSide("new", next)));
    expect(text).toMatch(
      /\*\*✏️ pod-1\/app\/requirements\.txt \(\+1 −0\)\*\*\n\n```diff\n--- a\/pod-1\/app\/requirements\.txt\n\+\+\+ b\/pod-1\/app\/requirements\.txt\n@@ /,
    );
    expect(text).not.toContain("<details>");
  });

  it("json: conforms to schemas/diff-output.schema.json", () => {
    const results = [
      result,
      diffTexts(exampleText("agentic-ai"), edited("agentic-ai", EDITS.newPod)),
      diffTexts(exampleText("bi-pod"), edited("bi-pod", EDITS.armoredCar)),
      diffTexts(exampleText("tri-pod-fan-out"), edited("tri-pod-fan-out", EDITS.newPinhole)),
      diffSides(sideOf(exampleText("bi-pod")), sideOf(exampleText("bi-pod"), { credentials: SECRETS.old })),
      diffTexts(exampleText("bi-pod"), exampleText("bi-pod")),
    ];
    for (const each of results) {
      const output: unknown = JSON.parse(formatDiffJson(each));
      expect(conforms(output), JSON.stringify(conforms.errors)).toBe(true);
    }
  });
});
