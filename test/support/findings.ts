import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";
import type { Finding, RuleId } from "../../src/validate/finding.js";
import { validateText, type Validation } from "../../src/validate/validate.js";

/** One finding as a fixture's `<case>.expected.json` lists it: message and hint are substrings. */
export interface ExpectedFinding {
  rule: RuleId;
  line: number;
  column: number;
  message?: string;
  hint?: string;
}

export interface InvalidCase {
  name: string;
  file: string;
  text: string;
  expected: ExpectedFinding[];
}

const INVALID_DIR = fileURLToPath(new URL("../fixtures/invalid/", import.meta.url));
const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Every `test/fixtures/invalid/<case>.yaml` with its `<case>.expected.json`: drop a pair in to add a case. */
export function invalidCases(): InvalidCase[] {
  return readdirSync(INVALID_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((yamlName) => {
      const name = yamlName.slice(0, -".yaml".length);
      const expected = JSON.parse(readFileSync(`${INVALID_DIR}${name}.expected.json`, "utf8")) as {
        findings: ExpectedFinding[];
      };
      return {
        name,
        file: yamlName,
        text: readFileSync(`${INVALID_DIR}${yamlName}`, "utf8"),
        expected: expected.findings,
      };
    });
}

/** The catalog examples (all valid), as file name and text. */
export function examples(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, text: readFileSync(`${EXAMPLES_DIR}${file}`, "utf8") }));
}

/**
 * The same network in the open-mtls security profile: `spec.mode` removed (it applies to wosp only) and
 * `spec.security.profile: open-mtls` set, everything else (comments included) as it was.
 */
export function asOpenMtls(text: string): string {
  const document = parseDocument(text);
  document.deleteIn(["spec", "mode"]);
  document.setIn(["spec", "security", "profile"], "open-mtls");
  return document.toString();
}

/** Every example in the open-mtls profile, named like the example with `-open-mtls` before `.yaml`. */
export function openMtlsExamples(): { file: string; text: string }[] {
  return examples().map(({ file, text }) => ({
    file: file.replace(/\.yaml$/, "-open-mtls.yaml"),
    text: asOpenMtls(text),
  }));
}

export function validate(text: string, file = "network.yaml"): Validation {
  return validateText(file, text);
}

/** The distinct rule ids of some findings, sorted. */
export function ruleIds(findings: readonly Finding[]): RuleId[] {
  return [...new Set(findings.map((finding) => finding.rule))].sort();
}

/** Rule and position only: what most assertions compare. */
export function positions(findings: readonly Finding[]): Pick<Finding, "rule" | "line" | "column">[] {
  return findings.map(({ rule, line, column }) => ({ rule, line, column }));
}

export interface PodSketch {
  id: unknown;
  role: unknown;
  protocol?: unknown;
  pinhole?: unknown;
}

/** A lane7/v1 document around the given pods and edges, as YAML text (for tests that do not need positions). */
export function networkText(
  pods: readonly PodSketch[],
  edges: readonly { from: unknown; to: unknown }[],
  options: { name?: string; mode?: string } = {},
): string {
  return stringify({
    apiVersion: "lane7/v1",
    kind: "Network",
    metadata: { name: options.name ?? "net" },
    spec: { ...(options.mode === undefined ? {} : { mode: options.mode }), pods, edges },
  });
}

/** `[a, b], [b, c]` → edges a→b, b→c. */
export function edges(...pairs: readonly (readonly [string, string])[]): { from: string; to: string }[] {
  return pairs.map(([from, to]) => ({ from, to }));
}
