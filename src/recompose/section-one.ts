import { hookSignatures, joinAppPy, splitAppPy } from "../render/app/sections.js";
import { sha256, type RecordedFile } from "../render/record.js";

/** What became of a pod's Section 1 in the new app.py. */
export type SectionOneOutcome =
  | { kept: "stub" | "section1"; content: string }
  | { kept: "inert"; content: string; oldHooks: string[]; newHooks: string[] };

/**
 * The new app.py of a pod that was in the earlier bundle too: the new generated parts around the user's
 * Section 1. When the old Section 1 is the stub it was composed with, the new stub; when the hooks (of the
 * old and new stubs) are the same, the old Section 1 byte for byte; when they differ, the new stubs and,
 * below them, the old Section 1 commented out, to be reconciled by hand. `old` must split (see splitAppPy).
 */
export function carrySectionOne(generated: string, old: string, recorded: RecordedFile): SectionOneOutcome {
  const next = splitAppPy(generated);
  const before = splitAppPy(old);
  if (next === null || before === null || recorded.section1 === undefined) {
    throw new Error("carrySectionOne: an app.py without its banners");
  }
  if (isStub(before.section1, recorded)) return { kept: "stub", content: generated };
  const oldHooks = recorded.section1.hooks;
  const newHooks = hookSignatures(next.section1);
  if (sameList(oldHooks, newHooks)) {
    return { kept: "section1", content: joinAppPy({ ...next, section1: before.section1 }) };
  }
  const section1 = `${next.section1.replace(/\n*$/, "")}\n\n\n${inertBlock(before.section1, oldHooks)}\n\n\n`;
  return { kept: "inert", content: joinAppPy({ ...next, section1 }), oldHooks, newHooks };
}

/** Whether `section1` is the stub lane7 composed the recorded app.py with (nothing of the user's in it). */
export function isStub(section1: string, recorded: RecordedFile): boolean {
  return sha256(section1) === recorded.section1?.sha256;
}

const RULE = `# ${"-".repeat(77)}`;

/**
 * The old Section 1, every line commented out, under a header that says what it is and what to do: Python
 * never runs it, and it stays in Section 1, so the next recompose keeps it like any other code of the user.
 */
export function inertBlock(section1: string, hooks: readonly string[]): string {
  const lines = section1.replace(/\n+$/, "").replace(/^\n+/, "").split("\n");
  return [
    RULE,
    "# lane7 RECONCILE: the previous Section 1 of this pod, commented out because",
    "# the pod's hooks changed. It had the hooks:",
    ...hooks.map((hook) => `#   ${hook}`),
    "# Move what you need into the hooks above, then delete this block.",
    RULE,
    ...lines.map((line) => (line === "" || line === "\r" ? `#${line}` : `# ${line}`)),
    RULE,
  ].join("\n");
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
