import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { composeNetwork, type RenderOverrides } from "../../src/composition.js";
import type { BundleFile } from "../../src/render/file.js";
import type { NetworkDescription } from "../../src/spec/network.js";
import { validateText } from "../../src/validate/validate.js";
import { ROOT } from "./cli.js";

export interface TreeFile {
  content: string;
  mode: number;
}

/** The network in `file` (relative to the repository), which must be valid. */
export function validNetwork(file: string): NetworkDescription {
  const validation = validateText(file, readFileSync(join(ROOT, file), "utf8"));
  if (!validation.ok) throw new Error(`${file} is not valid`);
  return validation.network;
}

/** Composes examples/<name>.yaml in memory, as `lane7 compose` would with these options. */
export function composeExample(name: string, options: RenderOverrides = {}): BundleFile[] {
  return composeNetwork(validNetwork(`examples/${name}.yaml`), options).files();
}

/** Every file under `dir`: relative `/`-separated path → content and permission bits. */
export function readTree(dir: string): Record<string, TreeFile> {
  const tree: Record<string, TreeFile> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else
        tree[path] = {
          content: readFileSync(join(dir, path), "utf8"),
          mode: statSync(join(dir, path)).mode & 0o777,
        };
    }
  };
  walk("");
  return tree;
}

/** The same shape for composed files. */
export function treeOf(files: readonly BundleFile[]): Record<string, TreeFile> {
  return Object.fromEntries(files.map((file) => [file.path, { content: file.content, mode: file.mode }]));
}

export interface ZipEntryInfo {
  name: string;
  /** Unix permission bits from the external attributes. */
  mode: number;
  directory: boolean;
  /** The stored DOS date and time, as zipfile reads them: [year, month, day, hour, minute, second]. */
  dateTime: number[];
  content: string;
}

const READ_ZIP = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps([{"name": i.filename, "mode": (i.external_attr >> 16) & 0o777, "directory": i.is_dir(),
        "dateTime": list(i.date_time), "content": z.read(i).decode("utf-8")} for i in z.infolist()]))
`;

/** Reads a zip's entries, in stored order, with an independent reader (python3's zipfile). */
export function readZip(path: string): ZipEntryInfo[] {
  return JSON.parse(
    execFileSync("/usr/bin/python3", ["-c", READ_ZIP, path], { encoding: "utf8", maxBuffer: 1 << 30 }),
  ) as ZipEntryInfo[];
}
