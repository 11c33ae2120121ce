import { stringify } from "yaml";

/**
 * The one place YAML output options are pinned. Version 1.1 makes the serializer quote every string a
 * YAML 1.1 reader (kubectl) would take for something else: `on`, `no`, `y`, `0755`, `1e3`. No anchors or
 * aliases for shared objects, no line wrapping.
 */
const OPTIONS = {
  version: "1.1",
  aliasDuplicateObjects: false,
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
} as const;

export function toYaml(value: unknown): string {
  return stringify(value, OPTIONS);
}

/** Several documents in one file, `---` between them. */
export function toYamlDocuments(values: readonly unknown[]): string {
  return values.map(toYaml).join("---\n");
}
