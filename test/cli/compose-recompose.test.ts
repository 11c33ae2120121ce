import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  chmodSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitAppPy } from "../../src/render/app/sections.js";
import { readZip } from "../support/bundle.js";
import { ROOT, runInProcess } from "../support/cli.js";
import { scratchDir } from "../write/fixtures.js";

const AGENTIC = readFileSync(join(ROOT, "examples/agentic-ai.yaml"), "utf8");

async function lane7(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runInProcess(args, cwd);
}

/** A bundle of agentic-ai composed into `cwd/b`, with its network in `cwd/net.yaml`. */
async function composed(): Promise<string> {
  const cwd = scratchDir();
  writeFileSync(join(cwd, "net.yaml"), AGENTIC);
  const run = await lane7(cwd, "compose", "net.yaml", "-o", "b");
  expect(run.code, run.stderr).toBe(0);
  return cwd;
}

function appPy(cwd: string, pod: string): string {
  return join(cwd, "b", pod, "app", "app.py");
}

function sectionOne(path: string): string {
  const sections = splitAppPy(readFileSync(path, "utf8"));
  if (sections === null) throw new Error(`${path} has no banners`);
  return sections.section1;
}

/** Puts the user's code into Section 1 of `pod`: a helper import and a line in the first hook. */
function editSectionOne(cwd: string, pod: string): string {
  const path = appPy(cwd, pod);
  const text = readFileSync(path, "utf8");
  const sections = splitAppPy(text);
  if (sections === null) throw new Error(`${path} has no banners`);
  const mine = sections.section1
    .replace(
      "every other key is yours.\n",
      `every other key is yours.\n\nMINE = "${pod}"  # the user's own code\n`,
    )
    .replace(/\n {4}return /, `\n    print("custom logic of ${pod}")\n    return `);
  writeFileSync(path, sections.head + mine + sections.rest);
  return mine;
}

/**
 * agentic-ai, changed four ways: a new edge ai-orchestrator → nlp-processor, llm-gateway's protocol
 * WebSocket → HTTP, nlp-processor's role aggregator → relay, and tool-executor removed.
 */
function changedNetwork(): string {
  return AGENTIC.replace("    - id: tool-executor\n      role: relay\n      protocol: websocket\n", "")
    .replace(
      "    - from: ai-orchestrator\n      to: tool-executor\n",
      "    - from: ai-orchestrator\n      to: nlp-processor\n",
    )
    .replace("    - from: tool-executor\n      to: nlp-processor\n", "")
    .replace(
      "    - id: llm-gateway\n      role: relay\n      protocol: websocket",
      "    - id: llm-gateway\n      role: relay\n      protocol: http",
    )
    .replace("    - id: nlp-processor\n      role: aggregator", "    - id: nlp-processor\n      role: relay");
}

describe("lane7 compose --force onto a bundle: what the user owns survives", () => {
  it("keeps Section 1 where the hooks are unchanged, marks it for reconciling where they changed, keeps a removed pod's code", async () => {
    const cwd = await composed();
    const edited = Object.fromEntries(
      ["ai-gateway", "ai-orchestrator", "llm-gateway", "tool-executor", "nlp-processor"].map((pod) => [
        pod,
        editSectionOne(cwd, pod),
      ]),
    );
    writeFileSync(join(cwd, "b/ai-gateway/app/helper.py"), "def helper():\n    return 1\n");
    writeFileSync(join(cwd, "b/ai-gateway/app/requirements-user.txt"), "requests==2.32.3\n");
    writeFileSync(join(cwd, "b/tool-executor/app/notes.txt"), "tool notes\n");
    const stubOfSink = sectionOne(appPy(cwd, "ai-results-sink"));
    const network = changedNetwork();
    expect(network).not.toBe(AGENTIC);
    writeFileSync(join(cwd, "net.yaml"), network);

    const run = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force");
    expect(run.code, run.stderr).toBe(0);

    // unchanged hooks: byte for byte, even where Section 2 changed (a new edge, a new protocol)
    for (const pod of ["ai-gateway", "ai-orchestrator", "llm-gateway"]) {
      expect(sectionOne(appPy(cwd, pod)), pod).toBe(edited[pod]);
    }
    expect(readFileSync(appPy(cwd, "ai-orchestrator"), "utf8")).toContain('"nlp-processor": 18002');
    expect(sectionOne(appPy(cwd, "ai-results-sink"))).toBe(stubOfSink);
    // changed hooks (aggregator → relay): the new stub, then the old Section 1 commented out
    const reconciled = sectionOne(appPy(cwd, "nlp-processor"));
    expect(reconciled).toMatch(/^async def on_receive_relay\(payload: dict\) -> dict:$/m);
    expect(reconciled).not.toMatch(/^async def on_aggregate/m);
    expect(reconciled).toContain("# lane7 RECONCILE: the previous Section 1 of this pod");
    expect(reconciled).toContain("#   async def on_aggregate(partials: list[dict]) -> dict");
    expect(reconciled).toContain('# MINE = "nlp-processor"  # the user\'s own code');
    const block = reconciled.slice(reconciled.indexOf("# lane7 RECONCILE"));
    expect(block.split("\n").filter((line) => line !== "" && !line.startsWith("#"))).toEqual([]);
    expect(run.stderr).toMatch(
      /warning: nlp-processor: its hooks changed \(on_aggregate → on_receive_relay\).*reconcile on_receive_relay/,
    );
    // the removed pod: its code kept aside, its user file where it was, its generated files gone
    expect(sectionOne(join(cwd, "b/tool-executor/app/app.py.removed"))).toBe(edited["tool-executor"]);
    expect(readFileSync(join(cwd, "b/tool-executor/app/notes.txt"), "utf8")).toBe("tool notes\n");
    expect(readdirSync(join(cwd, "b/tool-executor/app")).sort()).toEqual(["app.py.removed", "notes.txt"]);
    expect(existsSync(join(cwd, "b/tool-executor/03-deployment.yaml"))).toBe(false);
    expect(run.stderr).toContain(
      "lane7: tool-executor was removed: its app.py, with your Section 1, is kept as tool-executor/app/app.py.removed",
    );
    // the user's files
    expect(readFileSync(join(cwd, "b/ai-gateway/app/helper.py"), "utf8")).toBe(
      "def helper():\n    return 1\n",
    );
    expect(readFileSync(join(cwd, "b/ai-gateway/app/requirements-user.txt"), "utf8")).toBe(
      "requests==2.32.3\n",
    );

    const check = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--check");
    expect([check.code, check.stdout], check.stderr).toEqual([0, ""]);
  });

  it("keeps .git (git log still works), NOTES.md, a symbolic link and file modes", async () => {
    const cwd = await composed();
    const bundle = join(cwd, "b");
    const git = (...args: string[]): string =>
      execFileSync("git", ["-C", bundle, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        encoding: "utf8",
      });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "composed");
    writeFileSync(join(bundle, "NOTES.md"), "# notes\n");
    writeFileSync(join(bundle, "ai-gateway/app/run-tests.sh"), "#!/bin/sh\n");
    chmodSync(join(bundle, "ai-gateway/app/run-tests.sh"), 0o750);
    symlinkSync("../../NOTES.md", join(bundle, "ai-gateway/app/notes-link"));

    const run = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force");
    expect(run.code, run.stderr).toBe(0);
    expect(git("log", "--format=%s")).toBe("composed\n");
    expect(git("status", "--porcelain")).toBe(
      "?? NOTES.md\n?? ai-gateway/app/notes-link\n?? ai-gateway/app/run-tests.sh\n",
    );
    expect(readFileSync(join(bundle, "NOTES.md"), "utf8")).toBe("# notes\n");
    expect(statSync(join(bundle, "ai-gateway/app/run-tests.sh")).mode & 0o777).toBe(0o750);
    expect(lstatSync(join(bundle, "ai-gateway/app/notes-link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(bundle, "ai-gateway/app/notes-link"))).toBe("../../NOTES.md");
  });

  it("replaces generated files the user edited, with one warning naming them", async () => {
    const cwd = await composed();
    writeFileSync(join(cwd, "b/deploy.sh"), `${readFileSync(join(cwd, "b/deploy.sh"), "utf8")}# edited\n`);
    const app = appPy(cwd, "ai-gateway");
    writeFileSync(app, readFileSync(app, "utf8").replace("QUEUE_LIMIT = 1000", "QUEUE_LIMIT = 5"));
    const run = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/generated files? of/g)).toHaveLength(1);
    expect(run.stderr).toMatch(
      /2 generated files of b\/ had been edited .*: ai-gateway\/app\/app\.py \(outside Section 1\), deploy\.sh\./,
    );
    expect(readFileSync(join(cwd, "b/deploy.sh"), "utf8")).not.toContain("# edited");
    expect(readFileSync(app, "utf8")).toContain("QUEUE_LIMIT = 1000");
  });

  it("refuses, writing nothing, an app.py whose banners are gone, and a user file at a path lane7 now generates", async () => {
    const cwd = await composed();
    const app = appPy(cwd, "llm-gateway");
    const broken = readFileSync(app, "utf8").replace("# SECTION 2: NETWORKING LAYER (DO NOT MODIFY)\n", "");
    writeFileSync(app, broken);
    const refused = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "b/llm-gateway/app/app.py: its SECTION 1 and SECTION 2 banners are not both there",
    );
    expect(refused.stderr).toContain("nothing was written");
    expect(readFileSync(app, "utf8")).toBe(broken);

    const other = await composed();
    const withPod = AGENTIC.replace(
      "  edges:\n",
      "    - id: audit\n      role: terminator\n  edges:\n    - from: ai-orchestrator\n      to: audit\n",
    );
    writeFileSync(join(other, "net.yaml"), withPod);
    mkdirSync(join(other, "b/audit/app"), { recursive: true });
    writeFileSync(join(other, "b/audit/app/app.py"), "mine\n");
    const clash = await lane7(other, "compose", "net.yaml", "-o", "b", "--force");
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("b/audit/app/app.py: yours, but lane7 now generates this path");
    expect(readdirSync(join(other, "b/audit"))).toEqual(["app"]);
    expect(existsSync(join(other, "b/audit/01-namespace.yaml"))).toBe(false);
  });

  it("refuses a directory whose blueprint.yaml is hand-made (no record), with --force too", async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, "net.yaml"), AGENTIC);
    mkdirSync(join(cwd, "b"));
    writeFileSync(join(cwd, "b/blueprint.yaml"), "apiVersion: lane7/v1\nkind: Blueprint\n");
    writeFileSync(join(cwd, "b/precious.txt"), "mine\n");
    const run = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/b exists and is not a lane7 bundle \(it has no \.lane7\/files\.json/);
    expect(readdirSync(join(cwd, "b")).sort()).toEqual(["blueprint.yaml", "precious.txt"]);
  });
});

describe("lane7 compose --from", () => {
  it("carries a bundle zip's Section 1 edits and user files into a new zip", async () => {
    const cwd = await composed();
    const mine = editSectionOne(cwd, "ai-gateway");
    writeFileSync(join(cwd, "b/ai-gateway/app/helper.py"), "HELP = 1\n");
    symlinkSync("helper.py", join(cwd, "b/ai-gateway/app/helper-link.py"));
    execFileSync("git", ["init", "-q", join(cwd, "b")]);
    const zipped = await lane7(cwd, "compose", "net.yaml", "--zip", "old.zip", "--from", "b");
    expect(zipped.code, zipped.stderr).toBe(0);

    const run = await lane7(cwd, "compose", "net.yaml", "--zip", "new.zip", "--from", "old.zip");
    expect(run.code, run.stderr).toBe(0);
    const entries = new Map(readZip(join(cwd, "new.zip")).map((entry) => [entry.name, entry]));
    const app = entries.get("agentic-ai/ai-gateway/app/app.py")?.content ?? "";
    expect(splitAppPy(app)?.section1).toBe(mine);
    expect(entries.get("agentic-ai/ai-gateway/app/helper.py")?.content).toBe("HELP = 1\n");
    expect(entries.has("agentic-ai/.lane7/files.json")).toBe(true);
    expect([...entries.keys()].filter((name) => name.split("/").includes(".git"))).toEqual([]);

    const fresh = await lane7(cwd, "compose", "net.yaml", "-o", "fresh", "--from", "new.zip");
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(sectionOne(join(cwd, "fresh/ai-gateway/app/app.py"))).toBe(mine);
    expect(readlinkSync(join(cwd, "fresh/ai-gateway/app/helper-link.py"))).toBe("helper.py");
    const check = await lane7(cwd, "compose", "net.yaml", "--zip", "new.zip", "--check");
    expect([check.code, check.stdout]).toEqual([0, ""]);
  });

  it("refuses a --from that is not a lane7 bundle, and --from with -o onto a bundle", async () => {
    const cwd = await composed();
    mkdirSync(join(cwd, "plain"));
    writeFileSync(join(cwd, "plain/blueprint.yaml"), "apiVersion: lane7/v1\nkind: Blueprint\n");
    const notBundle = await lane7(cwd, "compose", "net.yaml", "--zip", "x.zip", "--from", "plain");
    expect(notBundle.code).toBe(2);
    expect(notBundle.stderr).toContain("--from plain: not a lane7 bundle");
    const both = await lane7(cwd, "compose", "net.yaml", "-o", "b", "--force", "--from", "b");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--from and -o b, which holds a bundle");
    expect(readdirSync(cwd).sort()).toEqual(["b", "net.yaml", "plain"]);
  });
});
