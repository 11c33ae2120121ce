import { resolve } from "node:path";
import * as z from "zod";
import { InputError, readNetworkFile } from "../parse/read.js";
import { parseNetworkText, type Locator, type ValuePath } from "../parse/parse.js";
import { closest } from "../validate/suggest.js";
import { UserError } from "../exit-codes.js";

/** A parsed and schema-checked options file (--credentials, --images), with positions for later checks. */
export interface OptionsFile<T> {
  file: string;
  value: T;
  /** `file:line:col` of the value (or, with `key`, the map key) at `path`. */
  at(path: ValuePath, key?: boolean): string;
}

/**
 * Reads a YAML options file (`file` relative to `cwd`, and named as given in messages) and checks it against `schema`. Every problem is reported at once, each with
 * its position, followed by `example`. Messages give positions and kinds of problem only, never text of the
 * file (not even a key: a value pasted in the wrong place becomes one): these files hold credentials.
 */
export async function readOptionsFile<T>(
  file: string,
  cwd: string,
  flag: string,
  schema: z.ZodType<T>,
  example: string,
): Promise<OptionsFile<T>> {
  const parsed = parseNetworkText(file, await readText(file, cwd, flag), { quoteText: false });
  const at = positionsIn(file, parsed.locate);
  if (parsed.findings.length > 0) {
    throw new UserError(
      parsed.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`).join("\n"),
    );
  }
  // reportInput tells a missing key from a wrong value; the input itself is never printed.
  const result = schema.safeParse(parsed.value ?? {}, { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => describeIssue(issue, schema, at));
    throw new UserError(`${problems.join("\n")}\n${flag} expects a YAML file like this:\n${example}`);
  }
  return { file, value: result.data, at };
}

/** Reports problems found after the schema check (e.g. a key naming no pod) like schema problems. */
export function optionsFileError(problems: readonly string[], flag: string, example: string): UserError {
  return new UserError(`${problems.join("\n")}\n${flag} expects a YAML file like this:\n${example}`);
}

async function readText(file: string, cwd: string, flag: string): Promise<string> {
  try {
    return await readNetworkFile(resolve(cwd, file));
  } catch (error) {
    if (error instanceof InputError) throw new UserError(`${flag} ${file}: ${error.message}`);
    throw error;
  }
}

function positionsIn(file: string, locate: Locator): OptionsFile<unknown>["at"] {
  return (path, key = false) => {
    const { line, column } = key ? locate.key(path) : locate.value(path);
    return `${file}:${line}:${column}`;
  };
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, at: OptionsFile<unknown>["at"]): string[] {
  const path = issue.path.filter((segment) => typeof segment !== "symbol");
  const name = path.length === 0 ? "the file" : `\`${schemaPath(schema, path)}\``;
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(schema, path);
    return issue.keys.map((key) => {
      // The suggestion names an allowed key, never the key written.
      const guess = closest(key, known);
      const help = guess ? `did you mean \`${guess}\`?` : `allowed: ${known.join(", ")}`;
      return `${at([...path, key], true)}: unknown key in ${name} (${help})`;
    });
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return [`${at(path.slice(0, -1), true)}: ${name} is required`];
  }
  if (issue.code === "invalid_type")
    return [`${at(path)}: ${name} must be ${issue.expected === "object" ? "a map" : `a ${issue.expected}`}`];
  return [`${at(path)}: ${name} ${issue.message}`];
}

/** `path` as the schema names it: a key of a record (a pod id under `keys`) is written `<key>`, not quoted. */
function schemaPath(schema: z.ZodType, path: readonly (string | number)[]): string {
  let node: unknown = schema;
  const names: string[] = [];
  for (const segment of path) {
    node = unwrapOptional(node);
    if (node instanceof z.ZodRecord) {
      names.push("<key>");
      node = node.valueType;
    } else {
      names.push(String(segment));
      node =
        node instanceof z.ZodObject ? (node.shape as Record<string, unknown>)[String(segment)] : undefined;
    }
  }
  return names.join(".");
}

/** The keys a strict object of `schema` allows at `path`, for suggesting a fix to a typo. */
function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: unknown = schema;
  for (const segment of path) {
    node = unwrapOptional(node);
    node = node instanceof z.ZodObject ? (node.shape as Record<string, unknown>)[String(segment)] : undefined;
  }
  node = unwrapOptional(node);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrapOptional(node: unknown): unknown {
  return node instanceof z.ZodOptional ? unwrapOptional(node.unwrap()) : node;
}
