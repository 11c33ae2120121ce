import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlDocuments } from "../../src/diff/yaml-documents.js";
import { runCli } from "../support/cli.js";
import { composeExample } from "../support/bundle.js";

/**
 * Large YAML files cost time in proportion to their size: no check compares every key, or every document,
 * with every other. Before, 60,000 keys took about a minute, and the time grew with the square of the
 * count: these runs did not finish before the CLI's 60 s limit (runCli).
 */
/**
 * The bi-pod bundle, with one more file, written to a new directory without its record (.lane7/files.json),
 * so that diff compares every file: with the record, one it does not list would be the user's, not compared.
 */
function bundleWith(path: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lane7-large-"));
  const generated = composeExample("bi-pod").filter((file) => file.path !== ".lane7/files.json");
  for (const file of [...generated, { path, content }]) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

interface Fields {
  files: { objects?: { object: string; fields: { path: string }[] }[] }[];
}

function diffJson(old: string, next: string): Fields {
  const run = runCli(["diff", old, next, "--format", "json"], { maxBuffer: 512 * 1024 * 1024 });
  expect(run.code, run.stderr).toBe(1);
  return JSON.parse(run.stdout) as Fields;
}

function configMap(keys: number, value: string): string {
  const data = Array.from({ length: keys }, (_, i) => `  key${i}: "${value} ${i}"\n`).join("");
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: ns\ndata:\n${data}`;
}

describe("large YAML files", () => {
  it("compares a ConfigMap of 100,000 keys field by field", () => {
    const result = diffJson(
      bundleWith("pod-1/04-big.yaml", configMap(100_000, "a")),
      bundleWith("pod-1/04-big.yaml", configMap(100_000, "b")),
    );
    const fields = result.files[0]?.objects?.[0]?.fields ?? [];
    expect(fields).toHaveLength(100_000);
    expect(fields[99_999]?.path).toBe("data.key99999");
  }, 120_000);

  it("numbers 30,000 documents of one identity #2, #3, …", () => {
    const documents = (value: string) =>
      Array.from(
        { length: 30_000 },
        (_, i) => `kind: ConfigMap\nmetadata: {name: same}\ndata: {v: "${value}${i}"}\n`,
      ).join("---\n");
    const result = diffJson(bundleWith("many.yaml", documents("a")), bundleWith("many.yaml", documents("b")));
    const objects = result.files[0]?.objects ?? [];
    expect(objects).toHaveLength(30_000);
    expect(objects[29_999]?.object).toBe("ConfigMap same #30000");
  }, 120_000);

  it("still reads a mapping with a repeated key as not well-formed YAML", () => {
    expect(parseYamlDocuments("a: 1\nb: 2\na: 3\n")).toBeUndefined();
    expect(parseYamlDocuments("m: {x: 1, x: 2}\n")).toBeUndefined();
    expect(parseYamlDocuments("a: 1\nb: {a: 1}\n")).toEqual([{ a: 1, b: { a: 1 } }]);
  });
});
