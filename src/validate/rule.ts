import type { ValuePath } from "../parse/parse.js";
import type { Mode, Profile } from "../spec/constants.js";
import type { EdgeDescription, PodDescription } from "../spec/network.js";
import type { RuleId, Severity } from "./finding.js";
import type { Graph } from "./graph.js";

export interface IndexedPod {
  index: number;
  pod: PodDescription;
}

export interface IndexedEdge {
  index: number;
  edge: EdgeDescription;
}

/**
 * What the rules see: the parts of the description that passed the schema. `complete` is false when some
 * pod or edge did not; rules about the whole graph then stay silent rather than report a consequence of
 * a schema finding (one cause, one finding).
 */
export interface RuleInput {
  name: string | undefined;
  mode: Mode;
  /** Whether `spec.mode` is in the document at all (`mode` is then its default). */
  modeDeclared: boolean;
  profile: Profile;
  pods: IndexedPod[];
  edges: IndexedEdge[];
  /** Every pod id string in the document, whether or not the rest of its pod passed the schema. */
  declaredIds: ReadonlySet<string>;
  complete: boolean;
  graph: Graph;
}

export interface ReportOptions {
  /** Point at the key of the entry rather than its value. */
  key?: boolean;
  severity?: Severity;
}

export type Reporter = (path: ValuePath, message: string, hint: string, options?: ReportOptions) => void;

export interface Rule {
  id: RuleId;
  /** Needs the whole graph: skipped when the schema rejected part of it. */
  graph: boolean;
  check(input: RuleInput, report: Reporter): void;
}

export const podPath = (index: number, ...rest: (string | number)[]): ValuePath => [
  "spec",
  "pods",
  index,
  ...rest,
];
export const edgePath = (index: number, ...rest: (string | number)[]): ValuePath => [
  "spec",
  "edges",
  index,
  ...rest,
];
