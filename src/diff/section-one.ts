import { splitAppPy } from "../render/app/sections.js";
import { isAppPy } from "../render/record.js";
import type { AppPart } from "./result.js";
import type { Side } from "./side.js";

/** The Section 1 changes of two sides, apart from the rest of their files. */
export interface SectionOneDiff {
  /** Pods (on both sides) whose Section 1, the business logic, differs. */
  pods: string[];
  /** `old`, each app.py given the Section 1 of its counterpart in `next`: its file diff is of generated parts. */
  old: Side;
  /** Per app.py whose generated parts differ: which. */
  parts: Map<string, AppPart[]>;
}

/**
 * Section 1 of an app.py is the user's business logic, not generated code: its changes are their own
 * category, and the file diff of an app.py shows only its generated parts. An app.py that does not split on
 * either side (its banners gone) is compared as a whole.
 */
export function diffSectionOnes(old: Side, next: Side): SectionOneDiff {
  const pods: string[] = [];
  const parts = new Map<string, AppPart[]>();
  const files = new Map(old.files);
  for (const [path, file] of old.files) {
    const counterpart = next.files.get(path);
    if (!isAppPy(path) || counterpart === undefined || file.binary || counterpart.binary) continue;
    // The same bytes: the same Section 1 and generated parts, nothing to split (and no copy of the file).
    if (file.content === counterpart.content) continue;
    const before = splitAppPy(file.content);
    const after = splitAppPy(counterpart.content);
    if (before === null || after === null) continue;
    if (before.section1 !== after.section1) pods.push(path.slice(0, path.indexOf("/")));
    const changed: AppPart[] = [
      ...(before.head === after.head ? [] : ["header" as const]),
      ...(before.rest === after.rest ? [] : ["section2" as const]),
    ];
    if (changed.length > 0) parts.set(path, changed);
    files.set(path, { ...file, content: before.head + after.section1 + before.rest });
  }
  return { pods: pods.sort(), old: { ...old, files }, parts };
}
