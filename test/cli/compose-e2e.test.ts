import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { describe, expect, it } from "vitest";
import { composeNetwork } from "../../src/composition.js";
import { validateText } from "../../src/validate/validate.js";
import { zipBundle } from "../../src/write/zip.js";
import { readTree, readZip, treeOf, validNetwork } from "../support/bundle.js";
import { BIN, ROOT, runCli } from "../support/cli.js";
import { scratchDir } from "../write/fixtures.js";

/** End-to-end: the built binary (`npm run build` first), as a user or a CI job runs it. */
const AGENTIC = join(ROOT, "examples/agentic-ai.yaml");
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

const ENVIRONMENTS = [
  { TZ: "UTC", LANG: "C", LC_ALL: "C" },
  { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" },
  { TZ: "America/St_Johns", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
];

describe("lane7 compose (built binary)", () => {
  it("writes byte-identical zips in any time zone, locale, working directory and output path", async () => {
    const offsets = ENVIRONMENTS.map((env) => nodeEval("new Date(0).getTimezoneOffset()", env));
    expect(new Set(offsets).size, "the time zones must really differ").toBe(ENVIRONMENTS.length);
    // Each environment once, then the first again: other time zone, locale, working directory, output path.
    const runs = [...ENVIRONMENTS, ENVIRONMENTS[0]];
    const outputs = [
      "agentic.zip",
      "deep/nested/other-name.zip",
      join(scratchDir(), "absolute.zip"),
      "again.zip",
    ];
    const hashes = runs.map((env, i) => {
      const cwd = scratchDir();
      const zip = outputs[i] ?? "";
      const run = runCli(["compose", AGENTIC, "--zip", zip], { cwd, env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe("");
      return sha256(readFileSync(resolvePath(cwd, zip)));
    });
    const inProcess = sha256(
      await zipBundle(composeNetwork(validNetwork("examples/agentic-ai.yaml")).groups(), "agentic-ai"),
    );
    expect(hashes, "the same bytes everywhere, and as composed in-process (a stale build?)").toEqual(
      runs.map(() => inProcess),
    );
  });

  it("renders a large network on a worker thread into the same bytes as in-process", async () => {
    const cwd = scratchDir();
    const workers = Array.from({ length: 240 }, (_, i) => `w${i}`);
    const text = [
      "apiVersion: lane7/v1",
      "kind: Network",
      "metadata: {name: fleet}",
      "spec:",
      "  pods:",
      "    - {id: source, role: initiator}",
      ...workers.map((id) => `    - {id: ${id}, role: terminator}`),
      "  edges:",
      ...workers.map((id) => `    - {from: source, to: ${id}}`),
      "",
    ].join("\n");
    writeFileSync(join(cwd, "fleet.yaml"), text);
    const run = runCli(["compose", "fleet.yaml", "--zip", "fleet.zip", "-o", "fleet"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const validation = validateText("fleet.yaml", text);
    if (!validation.ok) throw new Error("the test network is invalid");
    // files() renders in-process; as groups() does, the zip takes the record last, in a group of its own
    const files = composeNetwork(validation.network).files();
    expect(sha256(readFileSync(join(cwd, "fleet.zip")))).toBe(
      sha256(await zipBundle([files.slice(0, -1), files.slice(-1)], "fleet")),
    );
    expect(readTree(join(cwd, "fleet"))).toEqual(treeOf(files));
    // Recomposing the directory renders on the workers too, and carries a Section 1 the user wrote.
    const appPy = join(cwd, "fleet", "w7", "app", "app.py");
    const original = readFileSync(appPy, "utf8");
    const edited = original.replace("return payload", "return {**payload, 'w7': True}");
    expect(edited).not.toBe(original);
    writeFileSync(appPy, edited);
    writeFileSync(join(cwd, "fleet", "NOTES.md"), "mine\n");
    const again = runCli(["compose", "fleet.yaml", "-o", "fleet", "--zip", "fleet.zip", "--force"], { cwd });
    expect(again.code, again.stderr).toBe(0);
    const recomposed = {
      ...treeOf(files),
      "w7/app/app.py": { content: edited, mode: 0o644 },
      "NOTES.md": { content: "mine\n", mode: 0o644 },
    };
    expect(readTree(join(cwd, "fleet"))).toEqual(recomposed);
    const zipped = readZip(join(cwd, "fleet.zip")).filter((entry) => !entry.directory);
    expect(
      Object.fromEntries(zipped.map((entry) => [entry.name.slice("fleet/".length), entry.content])),
    ).toEqual(Object.fromEntries(Object.entries(recomposed).map(([path, file]) => [path, file.content])));
    // A user file where the recomposed network now has a pod: refused once every group has gone past,
    // and neither target is touched.
    writeFileSync(join(cwd, "fleet", "w240"), "mine too\n");
    const zipBefore = sha256(readFileSync(join(cwd, "fleet.zip")));
    const grown = text.replace(
      "  edges:\n",
      "    - {id: w240, role: terminator}\n  edges:\n    - {from: source, to: w240}\n",
    );
    writeFileSync(join(cwd, "fleet.yaml"), grown);
    const refused = runCli(["compose", "fleet.yaml", "-o", "fleet", "--zip", "fleet.zip", "--force"], {
      cwd,
    });
    expect([refused.code, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toContain("w240: yours, but lane7 now generates this path");
    expect(readTree(join(cwd, "fleet"))).toEqual({
      ...recomposed,
      w240: { content: "mine too\n", mode: 0o644 },
    });
    expect(sha256(readFileSync(join(cwd, "fleet.zip")))).toBe(zipBefore);
    expect(readdirSync(cwd).sort()).toEqual(["fleet", "fleet.yaml", "fleet.zip"]);
  });

  it("exits 1 and writes nothing for an invalid network; exits 2 for a directory that is not a bundle", () => {
    const cwd = scratchDir();
    writeFileSync(
      join(cwd, "bad.yaml"),
      readFileSync(AGENTIC, "utf8").replace("to: ai-orchestrator", "to: nobody"),
    );
    const invalid = runCli(["compose", "bad.yaml", "--zip", "x.zip"], { cwd });
    expect([invalid.code, invalid.stdout]).toEqual([1, ""]);
    expect(invalid.stderr).toContain("error[unknown-pod]");
    expect(readdirSync(cwd)).toEqual(["bad.yaml"]);

    mkdirSync(join(cwd, "agentic-ai"));
    writeFileSync(join(cwd, "agentic-ai", "keep.txt"), "mine\n");
    const refused = runCli(["compose", AGENTIC, "--force"], { cwd });
    expect([refused.code, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toMatch(/^lane7: .*agentic-ai exists and is not a lane7 bundle/m);
    expect(readdirSync(join(cwd, "agentic-ai"))).toEqual(["keep.txt"]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)(
    "leaves nothing behind when %s interrupts the write",
    async (signal) => {
      const cwd = scratchDir();
      writeFileSync(join(cwd, "big.yaml"), chainNetwork(600));
      const child = spawn(process.execPath, [BIN, "compose", "big.yaml"], { cwd, stdio: "ignore" });
      const exited = new Promise<NodeJS.Signals | null>((done) => {
        child.on("exit", (_code, sig) => {
          done(sig);
        });
      });
      await until(() => readdirSync(cwd).some((name) => name.startsWith(".lane7-tmp-big-")));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(cwd)).toEqual(["big.yaml"]);
    },
    90_000,
  );
});

/** A valid chain network of `pods` pods: an initiator, relays, a terminator. */
function chainNetwork(pods: number): string {
  const ids = Array.from({ length: pods }, (_, i) => `p${i}`);
  const role = (i: number): string => (i === 0 ? "initiator" : i === pods - 1 ? "terminator" : "relay");
  const podLines = ids.map((id, i) => `    - { id: ${id}, role: ${role(i)} }`);
  const edgeLines = ids.slice(1).map((id, i) => `    - { from: p${i}, to: ${id} }`);
  return `apiVersion: lane7/v1\nkind: Network\nmetadata:\n  name: big\nspec:\n  pods:\n${podLines.join("\n")}\n  edges:\n${edgeLines.join("\n")}\n`;
}

function nodeEval(expression: string, env: Record<string, string>): string {
  const result = spawnSync(process.execPath, ["-e", `console.log(${expression})`], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return result.stdout.trim();
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the scratch directory");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
