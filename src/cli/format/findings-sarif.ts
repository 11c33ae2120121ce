import type { Log, ReportingDescriptor, Result } from "sarif";
import { RULE_IDS } from "../../validate/finding.js";
import { RULE_SUMMARIES } from "../../validate/rule-docs.js";
import { repoRelative } from "./paths.js";
import type { FileResult } from "./validation-result.js";
import { safeJson } from "../../control-characters.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * SARIF 2.1.0 for code-scanning dashboards. Artifact URIs are relative to `cwd` (the repository root in
 * CI) with forward slashes; files that could not be read become tool execution notifications.
 */
export function formatFindingsSarif(results: readonly FileResult[], version: string, cwd: string): string {
  const rules: ReportingDescriptor[] = RULE_IDS.map((id) => ({
    id,
    name: id,
    shortDescription: { text: RULE_SUMMARIES[id] },
    defaultConfiguration: { level: "error" },
  }));
  const sarifResults: Result[] = results.flatMap((result) =>
    result.findings.map((finding) => ({
      ruleId: finding.rule,
      ruleIndex: RULE_IDS.indexOf(finding.rule),
      level: finding.severity,
      message: { text: `${finding.message}\nhint: ${finding.hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(finding.file, cwd) },
            region: { startLine: finding.line, startColumn: finding.column },
          },
        },
      ],
    })),
  );
  const unreadable = results.filter((result) => result.error !== undefined);
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "lane7", version, semanticVersion: version, rules } },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            toolExecutionNotifications: unreadable.map((result) => ({
              level: "error",
              message: { text: `${result.file}: ${result.error ?? ""}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(result.file, cwd) } } }],
            })),
          },
        ],
        results: sarifResults,
      },
    ],
  };
  return `${safeJson(log)}\n`;
}

function uriOf(file: string, cwd: string): string {
  return repoRelative(file, cwd).split("/").map(encodeURIComponent).join("/");
}
