import * as z from "zod";
import type { Locator, ValuePath } from "../parse/parse.js";
import { NetworkSchema } from "../spec/network.js";
import type { Finding } from "./finding.js";
import { closest } from "./suggest.js";
import { characterName, firstUnsafeCharacter } from "../control-characters.js";

type Issue = z.core.$ZodIssue;

/** Checks the document against the lane7/v1 schema; every zod issue becomes a positioned `schema` finding. */
export function schemaFindings(file: string, value: unknown, locate: Locator): Finding[] {
  if (value === undefined || value === null) {
    return [
      {
        rule: "schema",
        severity: "error",
        message: "the file is empty",
        file,
        line: 1,
        column: 1,
        hint: "start from an example: `lane7 schema` prints the format, examples/ holds complete networks",
      },
    ];
  }
  const result = NetworkSchema.safeParse(value, { reportInput: true });
  const text = freeTextFindings(file, value, locate);
  if (result.success) return text;
  return [...result.error.issues.flatMap((issue) => issueFindings(file, issue, locate)), ...text];
}

/** The fields of free text, which the schema cannot restrict to a pattern as it does identifiers. */
const FREE_TEXT: readonly ValuePath[] = [["metadata", "title"]];

/**
 * Free text goes into the README, blueprint.yaml and scripts: a control character (tab and line feed
 * aside, which they render inertly) or other unsafe character there is a finding at the character (or,
 * written as an escape, at the value).
 */
function freeTextFindings(file: string, value: unknown, locate: Locator): Finding[] {
  return FREE_TEXT.flatMap((path) => {
    const text = valueAt(value, path);
    if (typeof text !== "string") return [];
    const index = firstUnsafeCharacter(text);
    if (index < 0) return [];
    const character = String.fromCodePoint(text.codePointAt(index) ?? 0);
    const at = locate.within(path, (source) => source.indexOf(character));
    return [
      finding(
        file,
        at,
        `\`${formatPath(path)}\` contains the control character ${characterName(character)}`,
        "free text holds printable characters only; remove this one",
      ),
    ];
  });
}

function valueAt(value: unknown, path: ValuePath): unknown {
  return path.reduce<unknown>(
    (node, segment) =>
      typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined,
    value,
  );
}

function issueFindings(file: string, issue: Issue, locate: Locator): Finding[] {
  const path = issue.path.filter((segment) => typeof segment !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const at = locate.key([...path, key]);
      const guess = closest(key, known);
      const hint = guess
        ? `did you mean \`${guess}\`?`
        : `allowed here: ${known.map((name) => `\`${name}\``).join(", ")}`;
      return finding(file, at, `unknown key \`${key}\`${where(path)}`, hint);
    });
  }
  const missing = isMissing(issue) && path.length > 0;
  const at = missing ? locate.key(path.slice(0, -1)) : locate.value(path);
  return [finding(file, at, describe(issue, path), hintFor(issue, path))];
}

/** A required key that is absent: zod reports it as a wrong type, a wrong literal or enum value, or no union match. */
function isMissing(issue: Issue): boolean {
  const typed =
    issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union";
  return typed && issue.input === undefined;
}

function finding(file: string, at: { line: number; column: number }, message: string, hint: string): Finding {
  return { rule: "schema", severity: "error", message, file, line: at.line, column: at.column, hint };
}

function where(path: ValuePath): string {
  return path.length === 0 ? "" : ` in ${formatPath(path)}`;
}

export function formatPath(path: ValuePath): string {
  return path
    .map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join("");
}

function describe(issue: Issue, path: ValuePath): string {
  const name = path.length === 0 ? "the document" : `\`${formatPath(path)}\``;
  if (isMissing(issue)) return `${name} is required`;
  switch (issue.code) {
    case "invalid_type":
      return `${name} must be ${article(issue.expected)}, not ${describeValue(issue.input)}`;
    case "invalid_value":
      return `${name} must be ${issue.values.map((v) => `\`${String(v)}\``).join(" or ")}, not ${describeValue(issue.input)}`;
    case "invalid_union":
      return isOwnMessage(issue.message)
        ? `${name} ${issue.message}, not ${describeValue(issue.input)}`
        : `${name} has an unexpected value ${describeValue(issue.input)}`;
    case "too_small":
      if (isNumeric(issue.origin)) return `${name} must be at least ${String(issue.minimum)}`;
      return issue.origin === "array"
        ? `${name} must list at least ${String(issue.minimum)} item${issue.minimum === 1 ? "" : "s"}`
        : `${name} must not be empty`;
    case "too_big":
      if (isNumeric(issue.origin)) return `${name} is ${describeValue(issue.input)}`;
      return issue.origin === "array"
        ? `${name} lists more than ${String(issue.maximum)} items`
        : `${name} is longer than ${String(issue.maximum)} characters`;
    default:
      return isOwnMessage(issue.message)
        ? `${name} ${issue.message}, not ${describeValue(issue.input)}`
        : `${name}: ${issue.message}`;
  }
}

/** The network schema's own error texts say what a value must be ("must be a CIDR block, …"). */
function isOwnMessage(message: string): boolean {
  return message.startsWith("must ");
}

function hintFor(issue: Issue, path: ValuePath): string {
  if (isMissing(issue)) {
    return `add \`${String(path.at(-1) ?? "")}\`; \`lane7 schema\` prints the expected shape`;
  }
  const alias =
    issue.code === "invalid_value" && path.at(-1) === "role" ? ROLE_ALIASES.get(issue.input) : undefined;
  if (alias !== undefined) return alias;
  if (issue.code === "invalid_value") {
    const values = issue.values.map(String);
    const guess = typeof issue.input === "string" ? closest(issue.input, values) : undefined;
    return guess ? `did you mean \`${guess}\`?` : `use one of: ${values.join(", ")}`;
  }
  if (issue.code === "invalid_type" && issue.expected === "string") {
    return 'quote the value to make it a string, e.g. id: "123"';
  }
  if (issue.code === "too_small" && path.at(-1) === "pods") return "declare at least one pod";
  if (path.at(-1) === "port") {
    return path.includes("pinhole")
      ? "a pinhole port is a number in 1024-65535"
      : "a port is a number in 1-65535";
  }
  if (path.includes("cidrs") || path.includes("outboundHttps")) {
    return "an address block is an address, a slash and a prefix length: 10.96.0.10/32, fd00::/8";
  }
  return "`lane7 schema` prints the expected shape";
}

/** The reference product's names for a pinholed initiator and a pinholed terminator. */
const ROLE_ALIASES = new Map<unknown, string>([
  ["gateway", "a gateway is an initiator with a pinhole: `role: initiator` and `pinhole: { tier: 2 }`"],
  ["sink", "a sink is a terminator with a pinhole: `role: terminator` and `pinhole: { tier: 2 }`"],
]);

function isNumeric(origin: string): boolean {
  return origin === "number" || origin === "int" || origin === "bigint";
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `\`${value.length > 40 ? `${value.slice(0, 40)}…` : value}\``;
  if (typeof value === "number" && !Number.isFinite(value)) return "a number too large to represent";
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return "a number too large to hold exactly";
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${typeof value} \`${String(value)}\``;
  }
  return typeof value;
}

/** The keys the schema allows for the object at `path`, found by walking the zod schema itself. */
function knownKeysAt(path: ValuePath): string[] {
  let schema: z.ZodType = NetworkSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.ZodType | undefined>)[String(segment)];
      if (!next) return [];
      schema = next;
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.ZodType;
    } else {
      return [];
    }
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}
