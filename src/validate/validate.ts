import type { ParsedFile } from "../parse/parse.js";
import { parseNetworkText } from "../parse/parse.js";
import { MODES, type Mode } from "../spec/constants.js";
import { EdgeSchema, PodSchema, type NetworkDescription } from "../spec/network.js";
import { compareFindings, type Finding } from "./finding.js";
import { buildGraph } from "./graph.js";
import type { IndexedEdge, IndexedPod, RuleInput } from "./rule.js";
import { RULES } from "./rules/index.js";
import { schemaFindings } from "./schema-findings.js";

export type Validation =
  | { ok: true; network: NetworkDescription; findings: Finding[] }
  | { ok: false; findings: Finding[] };

/** Text of one network file → every finding, sorted by position; the typed description when it is valid. */
export function validateText(file: string, text: string): Validation {
  return validateParsed(parseNetworkText(file, text));
}

export function validateParsed(parsed: ParsedFile): Validation {
  if (parsed.findings.length > 0) return { ok: false, findings: parsed.findings };
  const { file, value, locate } = parsed;
  const findings = schemaFindings(file, value, locate);
  const input = ruleInput(value);
  if (input) {
    for (const rule of RULES) {
      if (rule.graph && !input.complete) continue;
      rule.check(input, (path, message, hint, options) => {
        const at = options?.key ? locate.key(path) : locate.value(path);
        findings.push({
          rule: rule.id,
          severity: options?.severity ?? "error",
          message,
          file,
          line: at.line,
          column: at.column,
          hint,
        });
      });
    }
  }
  findings.sort(compareFindings);
  if (findings.some((finding) => finding.severity === "error")) return { ok: false, findings };
  return { ok: true, network: value as NetworkDescription, findings };
}

/** The parts of a (possibly invalid) document that the schema accepts, for the rules to check. */
function ruleInput(value: unknown): RuleInput | undefined {
  const spec = field(value, "spec");
  const podsValue = field(spec, "pods");
  const edgesValue = field(spec, "edges");
  if (!Array.isArray(podsValue)) return undefined;
  const pods: IndexedPod[] = [];
  podsValue.forEach((item, index) => {
    const parsed = PodSchema.safeParse(item);
    if (parsed.success) pods.push({ index, pod: parsed.data });
  });
  const edges: IndexedEdge[] = [];
  const edgeItems: unknown[] = Array.isArray(edgesValue) ? edgesValue : [];
  edgeItems.forEach((item, index) => {
    const parsed = EdgeSchema.safeParse(item);
    if (parsed.success) edges.push({ index, edge: parsed.data });
  });
  const name = field(field(value, "metadata"), "name");
  const mode = field(spec, "mode");
  return {
    name: typeof name === "string" ? name : undefined,
    mode: MODES.includes(mode as Mode) ? (mode as Mode) : "armored-tunnel",
    pods,
    edges,
    complete: Array.isArray(edgesValue) && pods.length === podsValue.length && edges.length === edgeItems.length,
    graph: buildGraph(pods, edges),
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
