import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { EDITS, edited, exampleText, SECRET_VALUES, SECRETS } from "../diff/support.js";
import { ROOT, runCli, type CliRun } from "../support/cli.js";

const FORMATS = ["human", "json", "markdown"] as const;
let dir: string;

function path(name: string): string {
  return join(dir, name);
}

function diff(...args: string[]): CliRun {
  return runCli(["diff", ...args], { cwd: dir });
}

function compose(network: string, out: string, ...extra: string[]): void {
  const run = runCli(["compose", network, "-o", out, ...extra], { cwd: dir });
  if (run.code !== 0) throw new Error(`compose failed: ${run.stderr}`);
}

function credentialsFile(name: string, credentials: (typeof SECRETS)[keyof typeof SECRETS]): string {
  const keys = Object.entries(credentials.keys).map(([pod, key]) => `  ${pod}: ${key}\n`);
  writeFileSync(
    path(name),
    `license: ${credentials.license}\napiToken: ${credentials.apiToken}\nkeys:\n${keys.join("")}`,
  );
  return name;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lane7-diff-"));
  writeFileSync(path("agentic.yaml"), exampleText("agentic-ai"));
  writeFileSync(path("agentic-edge.yaml"), edited("agentic-ai", EDITS.newEdge));
  writeFileSync(path("bi-pod.yaml"), exampleText("bi-pod"));
  compose("agentic.yaml", "agentic", "--zip", "agentic.zip");
  cpSync(path("agentic"), path("agentic-image"), { recursive: true });
  const deployment = path("agentic-image/ai-gateway/03-deployment.yaml");
  writeFileSync(deployment, readFileSync(deployment, "utf8").replace("ai-gateway:0.1.0", "ai-gateway:0.2.0"));
  compose("bi-pod.yaml", "bi-old", "--credentials", credentialsFile("old-credentials.yaml", SECRETS.old));
  compose("bi-pod.yaml", "bi-new", "--credentials", credentialsFile("new-credentials.yaml", SECRETS.new));
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
});

describe("lane7 diff: no differences", () => {
  it.each([
    ["itself", "agentic"],
    ["its own zip", "agentic.zip"],
    ["its network file", "agentic.yaml"],
  ])("a bundle against %s: exit 0 in every format", (_, other) => {
    for (const format of FORMATS) {
      const run = diff("agentic", other, "--format", format);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      if (format === "json")
        expect(JSON.parse(run.stdout)).toMatchObject({ different: false, files: [], security: [] });
      else expect(run.stdout).toContain("no differences");
    }
  });

  it("human: one line saying so", () => {
    expect(diff("agentic.zip", "agentic").stdout).toBe("lane7 diff agentic.zip → agentic: no differences\n");
  });
});

describe("lane7 diff: exit codes", () => {
  it("an image change alone: exit 1, but 0 with --exit-code security", () => {
    const run = diff("agentic", "agentic-image");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "spec.template.spec.containers[web-app].image: registry.example.com/agentic-ai/ai-gateway:0.1.0 → " +
        "registry.example.com/agentic-ai/ai-gateway:0.2.0\n",
    );
    expect(run.stdout).toContain("Security posture: unchanged\n");
    expect(diff("agentic", "agentic-image", "--exit-code", "security").code).toBe(0);
  });

  it("a new edge, from a zip to a network file: exit 1 with --exit-code security", () => {
    const run = diff("agentic.zip", "agentic-edge.yaml", "--exit-code", "security", "--format", "json");
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { old: unknown; new: unknown; security: { kind: string }[] };
    expect(result.old).toMatchObject({ source: "agentic.zip", kind: "zip", network: "agentic-ai" });
    expect(result.new).toMatchObject({ source: "agentic-edge.yaml", kind: "network" });
    expect(result.security.map((change) => change.kind)).toEqual(["route-added"]);
  });

  it("exit 2, nothing on stdout, for a missing side, a non-bundle directory and a broken zip", () => {
    writeFileSync(path("broken.zip"), "PK\u0003\u0004 not really");
    for (const [other, message] of [
      ["nowhere", "lane7: nowhere: no such file or directory\n"],
      [".", "lane7: .: not a lane7 bundle (it holds no blueprint.yaml at its root)\n"],
      ["broken.zip", "lane7: broken.zip: not a readable zip"],
    ] as const) {
      const run = diff("agentic", other);
      expect([run.code, run.stdout]).toEqual([2, ""]);
      expect(run.stderr.startsWith(message)).toBe(true);
    }
  });

  it("exit 2 for an invalid network file, its findings on stderr", () => {
    writeFileSync(path("bad.yaml"), exampleText("bi-pod").replace("role: relay", "role: relya"));
    const run = diff("bad.yaml", "agentic");
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+: error\[schema\]/);
    expect(run.stderr).toContain("lane7: bad.yaml is not a valid network: nothing to compare\n");
  });

  it("exit 2 for a usage error", () => {
    expect(diff("agentic", "agentic", "--format", "xml").code).toBe(2);
    expect(diff("agentic").code).toBe(2);
  });
});

describe("lane7 diff: credentials", () => {
  it.each(FORMATS)("never shows a secret value, on stdout or stderr (%s)", (format) => {
    const run = diff("bi-old", "bi-new", "--format", format);
    expect(run.code).toBe(1);
    for (const secret of SECRET_VALUES) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stdout).toMatch(
      /HOPR.?_KEY of pod-1 changed: set \(fingerprint [0-9a-f]{12}\) → set \(fingerprint [0-9a-f]{12}\)/,
    );
  });

  it("counts a credential change as a security change", () => {
    expect(diff("bi-old", "bi-new", "--exit-code", "security").code).toBe(1);
  });
});

describe("lane7 diff --format json output contract", () => {
  const check = new Ajv({ strict: true, allErrors: true }).compile(
    JSON.parse(readFileSync(join(ROOT, "schemas/diff-output.schema.json"), "utf8")) as object,
  );

  it.each([
    ["no differences", ["agentic", "agentic.zip"]],
    ["a changed image", ["agentic", "agentic-image"]],
    ["a new edge", ["agentic", "agentic-edge.yaml"]],
    ["changed credentials", ["bi-old", "bi-new"]],
  ])("conforms to schemas/diff-output.schema.json for %s", (_, sides) => {
    const output: unknown = JSON.parse(diff(...sides, "--format", "json").stdout);
    expect(check(output), JSON.stringify(check.errors)).toBe(true);
  });
});
