import Handlebars from "handlebars";
import { PRECOMPILED } from "./precompiled.js";
import { sha256 } from "../record.js";
import type { TemplateSources } from "./templates.js";
import { markdownCode, markdownText, mermaidLabel, pythonString, shellQuote } from "./quote.js";

/**
 * One handlebars environment for every text file: no HTML escaping (none of our targets is HTML), strict
 * mode (a missing variable is an error, not an empty string), and one quoting helper per target language.
 * Templates must pass user text through one of these helpers; raw `{{value}}` is for values lane7 made.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper({
  sh: (value: unknown) => shellQuote(text(value)),
  py: (value: unknown) => pythonString(text(value)),
  json: (value: unknown) => JSON.stringify(value),
  md: (value: unknown) => markdownText(text(value)),
  code: (value: unknown) => markdownCode(text(value)),
  codes: (values: unknown) => englishList(texts(values).map(markdownCode)),
  mermaid: (value: unknown) => mermaidLabel(text(value)),
  eq: (a: unknown, b: unknown) => a === b,
  upper: (value: unknown) => text(value).toUpperCase(),
});

function texts(values: unknown): string[] {
  if (!Array.isArray(values)) throw new TypeError(`template helper given ${typeof values}, expected a list`);
  return values.map(text);
}

/** `a`, `a and b`, `a, b and c`. */
function englishList(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(`template helper given ${typeof value}, expected text`);
}

/** How every template is compiled, at run time or by the build. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Compiled templates by their source: as many entries as there are templates, whoever renders. */
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders the template `name` of `templates` with `context`: compiled once, on first use, unless the build
 * compiled that very source already.
 */
export function renderTemplate(templates: TemplateSources, name: string, context: object): string {
  const source = templates[name];
  if (source === undefined) throw new Error(`no template ${name}`);
  let template = compiled.get(source);
  if (!template) {
    const precompiled = PRECOMPILED[name];
    template =
      precompiled?.sha256 === sourceHash(source)
        ? handlebars.template(precompiled.spec)
        : handlebars.compile(source, COMPILE_OPTIONS);
    compiled.set(source, template);
  }
  return template(context);
}

/** What a precompiled template records of its source. */
export function sourceHash(source: string): string {
  return sha256(source);
}
