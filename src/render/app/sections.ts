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

interface Line {
  start: number;
  end: number;
  text: string;
}

/** Splits an app.py at its banners; null when it does not have each banner exactly once, in order. */
export function splitAppPy(text: string): AppSections | null {
  const lines = linesOf(text);
  const first = bannerAt(lines, SECTION_1_TITLE);
  const second = bannerAt(lines, SECTION_2_TITLE);
  if (first === null || second === null || second <= first + 1) return null;
  const start = (lines[first + 1] as Line).end;
  const end = (lines[second - 1] as Line).start;
  return { head: text.slice(0, start), section1: text.slice(start, end), rest: text.slice(end) };
}

export function joinAppPy(sections: AppSections): string {
  return sections.head + sections.section1 + sections.rest;
}

/** The index of the title line of the one banner titled `title`, or null when there is none or several. */
function bannerAt(lines: readonly Line[], title: string): number | null {
  const found = lines.flatMap((line, index) =>
    line.text.startsWith(title) && isRule(lines[index - 1]) && isRule(lines[index + 1]) ? [index] : [],
  );
  return found.length === 1 ? (found[0] as number) : null;
}

function isRule(line: Line | undefined): boolean {
  return line !== undefined && RULE.test(line.text);
}

/** Each line with its offsets; `end` is past its newline. */
function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ start, end, text: text.slice(start, newline === -1 ? end : newline) });
    start = end;
  }
  return lines;
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
