import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../support/cli.js";

/**
 * The CI files of examples/ci (and the README's "Use in CI") run as written: every shell command they
 * contain runs here, in a git repository with a base branch and a pull-request branch that holds the
 * lane7 package `npm pack` makes of this checkout. `npm install --global` really installs it (into a
 * prefix of the test's own); only `gh` and `curl`, which need the outside world, are stubbed.
 */
interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

const EXPRESSIONS: Record<string, string> = {
  "github.token": "token-for-test",
  "github.event.pull_request.number": "7",
};

function sh(
  command: string,
  cwd: string,
  env: Record<string, string> = {},
): { code: number | null; output: string } {
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync("git", args, { cwd, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}

/** The lane7 package of this checkout, as `npm pack` makes it (without rebuilding: dist is built). */
const PACKAGE = (() => {
  const dir = mkdtempSync(join(tmpdir(), "lane7-pack-"));
  const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  return join(dir, pack.stdout.trim().split("\n").at(-1) ?? "");
})();

/**
 * The environment of a CI job in `dir`: npm installs globally into a prefix of its own, and PATH holds
 * that prefix's bin, then stubs of gh and curl that record their arguments, then the machine's.
 */
function jobEnv(dir: string): Record<string, string> {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const scripts: Record<string, string> = {
    gh: `echo "gh $*" >> "${join(dir, "calls.log")}"`,
    curl: `echo "curl $*" >> "${join(dir, "calls.log")}"`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\nset -eu\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const prefix = join(dir, "prefix");
  return {
    PATH: `${join(prefix, "bin")}:${bin}:${process.env.PATH ?? ""}`,
    npm_config_prefix: prefix,
    npm_config_prefer_offline: "true",
  };
}

/** A repository whose main branch holds agentic-ai and its bundle; the `feature` branch adds an edge. */
function repository(recompose: boolean): { dir: string; work: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "lane7-ci-"));
  const work = join(dir, "work");
  const env = jobEnv(dir);
  const lane7 = (cwd: string, ...args: string[]) => {
    expect(sh(`"${process.execPath}" "${BIN}" ${args.join(" ")}`, cwd).code).toBe(0);
  };
  git(dir, "init", "--quiet", "--bare", "--initial-branch=main", "origin.git");
  git(dir, "clone", "--quiet", join(dir, "origin.git"), "work");
  git(work, "config", "user.email", "ci@example.com");
  git(work, "config", "user.name", "CI");
  git(work, "checkout", "--quiet", "-b", "main");
  writeFileSync(join(work, "network.yaml"), readFileSync(join(ROOT, "examples/agentic-ai.yaml")));
  mkdirSync(join(work, "tools"));
  copyFileSync(PACKAGE, join(work, "tools", basename(PACKAGE)));
  lane7(work, "compose", "network.yaml", "-o", "blueprint");
  git(work, "add", ".");
  git(work, "commit", "--quiet", "-m", "base");
  git(work, "push", "--quiet", "origin", "main");
  git(work, "checkout", "--quiet", "-b", "feature");
  writeFileSync(
    join(work, "network.yaml"),
    `${readFileSync(join(work, "network.yaml"), "utf8")}    - from: ai-gateway\n      to: ai-results-sink\n`,
  );
  if (recompose) lane7(work, "compose", "network.yaml", "-o", "blueprint", "--force");
  git(work, "commit", "--quiet", "-am", "a shortcut");
  return { dir, work, env };
}

function substitute(text: string): string {
  return text.replace(
    /\$\{\{\s*([\w.]+)\s*\}\}/g,
    (_, name: string) => EXPRESSIONS[name] ?? `<unknown ${name}>`,
  );
}

describe("examples/ci/github-actions.yml", () => {
  const workflow = parse(readFileSync(join(ROOT, "examples/ci/github-actions.yml"), "utf8")) as {
    jobs: { blueprint: { steps: Step[] } };
  };
  const steps = workflow.jobs.blueprint.steps.filter((step) => step.run !== undefined);

  function runSteps(recompose: boolean): {
    results: { name: string; code: number | null; output: string }[];
    dir: string;
    work: string;
  } {
    const { dir, work, env: job } = repository(recompose);
    const results = steps.map((step) => {
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(value)]),
      );
      const result = sh(substitute(step.run ?? ""), work, {
        ...env,
        ...job,
        GITHUB_BASE_REF: "main",
      });
      return { name: step.name ?? "", ...result };
    });
    return { results, dir, work };
  }

  let pullRequest: ReturnType<typeof runSteps>;
  beforeAll(() => {
    pullRequest = runSteps(true);
  });

  it("passes every step on a pull request that recomposed its bundle, but asks for a security review", () => {
    const codes = pullRequest.results.map(({ name, code, output }) => [
      name,
      code,
      code === 0 || code === 1 ? "" : output,
    ]);
    expect(codes).toEqual([
      ["Install lane7", 0, ""],
      ["Validate the network (findings appear on the lines of the pull request)", 0, ""],
      ["Findings for code scanning", 0, ""],
      ["Check the committed bundle is what network.yaml composes to", 0, ""],
      ["Diff against the base branch", 0, ""],
      ["Post the diff on the pull request", 0, ""],
      ["Require a security review when the security posture changes", 1, ""],
    ]);
  });

  it("posts the Markdown diff, with the new route called out", () => {
    const markdown = readFileSync(join(pullRequest.work, "lane7-diff.md"), "utf8");
    expect(markdown).toMatch(/ai-gateway.*ai-results-sink/);
    expect(markdown.toLowerCase()).toContain("security");
    expect(readFileSync(join(pullRequest.dir, "calls.log"), "utf8")).toContain(
      "gh pr comment 7 --body-file lane7-diff.md",
    );
    const sarif = JSON.parse(readFileSync(join(pullRequest.work, "lane7.sarif"), "utf8")) as {
      version: string;
    };
    expect(sarif.version).toBe("2.1.0");
  });

  it("fails the drift check when the bundle was not recomposed", () => {
    const { results } = runSteps(false);
    const drift = results.find((result) => result.name.startsWith("Check the committed bundle"));
    expect(drift?.code).toBe(1);
    expect(drift?.output).toContain("blueprint/ is not what network.yaml composes to");
  });
});

describe("examples/ci/gitlab-ci.yml", () => {
  const pipeline = parse(readFileSync(join(ROOT, "examples/ci/gitlab-ci.yml"), "utf8")) as {
    lane7: { script: string[] };
  };

  it("runs every script line on a merge request; only the security gate fails", () => {
    const { dir, work, env: job } = repository(true);
    const env = {
      ...job,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
      CI_API_V4_URL: "https://gitlab.example.com/api/v4",
      CI_PROJECT_ID: "42",
      CI_MERGE_REQUEST_IID: "7",
      LANE7_BOT_TOKEN: "token-for-test",
    };
    const codes = pipeline.lane7.script.map((line) => sh(line, work, env).code);
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(existsSync(join(work, "lane7.sarif"))).toBe(true);
    const calls = readFileSync(join(dir, "calls.log"), "utf8");
    expect(calls).toContain("--data-urlencode body@lane7-diff.md");
    expect(calls).toContain("https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes");
  });
});
