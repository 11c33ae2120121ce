/**
 * The two parts of an app.py and who owns them: Section 1 (the business-logic hooks) is the user's, the
 * rest is generated. Section 1 is found by the two banners that frame it, nothing else, so the templates
 * around it may change freely:
 *
 *     # =====…
 *     # SECTION 1: BUSINESS LOGIC (EDIT THIS SECTION)
 *     # =====…
 *     <Section 1>
 *     # =====…
 *     # SECTION 2: NETWORKING LAYER (DO NOT MODIFY)
 *     # =====…
 */
export interface AppSections {
  /** Everything up to the end of the Section 1 banner. */
  head: string;
  /** Between the two banners: the user's. */
  section1: string;
  /** The Section 2 banner and everything after it. */
  rest: string;
}

const SECTION_1_TITLE = "# SECTION 1: BUSINESS LOGIC";
const SECTION_2_TITLE = "# SECTION 2: NETWORKING LAYER";
const RULE = /^# =+\r?$/;

/** Where the one banner titled `title` sits: its first rule's start, its title's start, its last rule's end. */
interface Banner {
  start: number;
  title: number;
  end: number;
}

/** Splits an app.py at its banners; null when it does not have each banner exactly once, in order. */
export function splitAppPy(text: string): AppSections | null {
  const first = bannerAt(text, SECTION_1_TITLE);
  const second = bannerAt(text, SECTION_2_TITLE);
  if (first === null || second === null || second.title < first.end) return null;
  return {
    head: text.slice(0, first.end),
    section1: text.slice(first.end, second.start),
    rest: text.slice(second.start),
  };
}

export function joinAppPy(sections: AppSections): string {
  return sections.head + sections.section1 + sections.rest;
}

/**
 * The one banner titled `title`: a line starting with it between two rule lines. Null when there is none
 * or several. Searches the text for the title rather than splitting it into lines (an app.py is ~20 kB).
 */
function bannerAt(text: string, title: string): Banner | null {
  let found: Banner | null = null;
  for (let at = text.indexOf(title); at !== -1; at = text.indexOf(title, at + 1)) {
    if (at === 0 || text[at - 1] !== "\n") continue;
    const start = at >= 2 ? text.lastIndexOf("\n", at - 2) + 1 : 0;
    const titleEnd = lineEnd(text, at);
    if (titleEnd === text.length || !isRule(text.slice(start, at - 1))) continue;
    const end = lineEnd(text, titleEnd);
    if (!isRule(text.slice(titleEnd, text[end - 1] === "\n" ? end - 1 : end))) continue;
    if (found !== null) return null;
    found = { start, title: at, end };
  }
  return found;
}

/** The end of the line starting at `start`: past its newline, or the end of the text. */
function lineEnd(text: string, start: number): number {
  const newline = text.indexOf("\n", start);
  return newline === -1 ? text.length : newline + 1;
}

function isRule(line: string): boolean {
  return RULE.test(line);
}

const HOOK = /^async def ([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:->\s*([^:]+?)\s*)?:/gm;

/**
 * The hooks a Section 1 defines, as `async def NAME(PARAMETERS) -> RESULT`, whitespace normalised, in the
 * order they appear: what the networking layer calls, so two Section 1s with the same list fit the same
 * Section 2.
 */
export function hookSignatures(section1: string): string[] {
  return [...section1.matchAll(HOOK)].map(([, name, parameters = "", result]) => {
    const params = parameters.replace(/\s+/g, " ").trim().replace(/,$/, "");
    return `async def ${name}(${params})${result === undefined ? "" : ` -> ${result.trim()}`}`;
  });
}
