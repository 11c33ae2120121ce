/** Rule ids are part of lane7's public contract (README.md, "Rules"): never rename one. */
export const RULE_IDS = [
  "yaml",
  "schema",
  "name",
  "unique-pod",
  "unique-edge",
  "self-edge",
  "unknown-pod",
  "role-degree",
  "reachable",
  "cycle",
  "mode-protocol",
  "mode-profile",
  "pinhole-role",
  "pinhole-port",
  "at-least-one-initiator",
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type Severity = "error" | "warning";

export interface Position {
  line: number;
  column: number;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  hint: string;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file, "en") ||
    a.line - b.line ||
    a.column - b.column ||
    a.rule.localeCompare(b.rule, "en") ||
    a.message.localeCompare(b.message, "en")
  );
}
