import type Handlebars from "handlebars";

/** A template compiled ahead of time, and the sha256 of the source it was compiled from. */
export interface PrecompiledTemplate {
  sha256: string;
  spec: Parameters<typeof Handlebars.template>[0];
}

/**
 * The templates compiled by the build, by name: the bundles hold them all (scripts/bundle.mjs fills this
 * module in), so that rendering compiles none; from the TypeScript build (tests) there are none, and each
 * template is compiled on first use.
 */
export const PRECOMPILED: Readonly<Record<string, PrecompiledTemplate>> = {};
