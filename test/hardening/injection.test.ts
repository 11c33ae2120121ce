import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { validateText } from "../../src/validate/validate.js";
import { readTree } from "../support/bundle.js";
import { runCli } from "../support/cli.js";
import { findPython, NO_PYTHON_REASON } from "../support/python.js";

/**
 * Injection: text carrying shell, YAML, Markdown, Python and path syntax is either rejected by the rules
 * (pod ids and network names, which name files, namespaces and Services) or rendered inertly (titles, free
 * text) — proven per target language on a composed bundle.
 */
const HOSTILE = [
  "x; touch pwned",
  "$(touch pwned)",
  "`touch pwned`",
  "' OR '1'='1",
  '"quoted"',
  "line\nbreak",
  "../../etc",
  "{{title}}",
  "a: b",
  "- item",
  "# heading",
  "[link](http://evil)",
  "<script>",
  "__import__('os')",
];

function network(name: string, id: string, title: string): string {
  return [
    "apiVersion: lane7/v1",
    "kind: Network",
    `metadata: {name: ${JSON.stringify(name)}, title: ${JSON.stringify(title)}}`,
    "spec:",
    "  pods:",
    `    - {id: ${JSON.stringify(id)}, role: initiator, pinhole: {tier: 2}}`,
    "    - {id: sink, role: terminator, pinhole: {tier: 1}}",
    "  edges:",
    `    - {from: ${JSON.stringify(id)}, to: sink}`,
    "",
  ].join("\n");
}

describe("hostile names and pod ids", () => {
  it.each(HOSTILE)("%j is rejected by the `name` rule, as a network name and as a pod id", (text) => {
    for (const [name, id] of [
      [text, "gateway"],
      ["net", text],
    ] as const) {
      const validation = validateText("hostile.yaml", network(name, id, "t"));
      expect(validation.ok).toBe(false);
      expect(validation.findings.map((finding) => finding.rule)).toContain("name");
    }
  });
});

describe("a hostile title, composed", () => {
  const title = HOSTILE.join(" ");
  const cwd = mkdtempSync(join(tmpdir(), "lane7-injection-"));
  writeFileSync(join(cwd, "net.yaml"), network("net", "gateway", title));
  const composed = runCli(["compose", "net.yaml", "-o", "bundle"], { cwd });
  const tree = readTree(join(cwd, "bundle"));

  it("composes", () => {
    expect(composed.code, composed.stderr).toBe(0);
  });

  it("YAML: every file parses, and blueprint.yaml holds the title verbatim as one value", () => {
    for (const [path, file] of Object.entries(tree).filter(([path]) => path.endsWith(".yaml"))) {
      for (const document of parseAllDocuments(file.content, { version: "1.1" }))
        expect(document.errors, path).toEqual([]);
    }
    const blueprint = parse(tree["blueprint.yaml"]?.content ?? "", { version: "1.1" }) as {
      network: { title: string };
    };
    expect(blueprint.network.title).toBe(title);
  });

  it("shell: the scripts pass shellcheck and run without executing any of it", () => {
    const scripts = ["deploy.sh", "teardown.sh", "pinhole-setup.sh"].map((name) => join(cwd, "bundle", name));
    const check = spawnSync("shellcheck", scripts, { encoding: "utf8" });
    expect(check.status, check.stdout).toBe(0);
    for (const script of scripts) {
      const run = spawnSync("bash", [script, "--help"], { cwd, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
    }
    expect(existsSync(join(cwd, "pwned"))).toBe(false);
    expect(existsSync(join(cwd, "bundle", "pwned"))).toBe(false);
  });

  it("Markdown: the README shows the title on one line, its markup escaped", () => {
    const readme = tree["README.md"]?.content ?? "";
    const heading = readme.split("\n")[0] ?? "";
    expect(heading.startsWith("# ")).toBe(true);
    expect(readme).not.toContain("<script>");
    expect(readme).not.toContain("[link](http://evil)");
    expect(readme).not.toMatch(/^# heading/m);
  });

  it.skipIf(findPython() === null)(
    `Python: app.py compiles and holds the title only as string data ${NO_PYTHON_REASON}`,
    () => {
      const python = findPython() ?? "python3";
      const app = join(cwd, "bundle", "gateway", "app", "app.py");
      const script = [
        "import ast, sys",
        "tree = ast.parse(open(sys.argv[1]).read())",
        "calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]",
        "print('__import__' in calls)",
      ].join("\n");
      const run = spawnSync(python, ["-c", script, app], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe("False");
      expect(readFileSync(app, "utf8")).toContain(JSON.stringify(title).slice(1, 20));
    },
  );
});
