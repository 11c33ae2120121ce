import type { Mode, Profile, Protocol, Role } from "../spec/constants.js";

/**
 * What `lane7 diff` found, in the shape `--format json` prints (schemas/diff-output.schema.json). Fields
 * are only ever added; `formatVersion` changes if one is renamed or removed. No secret value is ever held
 * here: credentials appear as states and fingerprints only.
 */
export interface DiffResult {
  formatVersion: 1;
  old: SideSummary;
  new: SideSummary;
  /** Anything differs: security posture, network, business logic or files. */
  different: boolean;
  securityChanged: boolean;
  summary: DiffSummary;
  /** Loosening changes first, then neutral ones, then tightening ones. */
  security: SecurityChange[];
  network: NetworkDiff;
  /**
   * Pods (on both sides) whose app.py Section 1, the user's business logic, differs, by id; such a change
   * is not a file change (an app.py's file change is of its generated parts only).
   */
  businessLogic: { pods: string[] };
  /** Added, removed and modified files, by path (bytewise). */
  files: FileChange[];
}

export type SideKind = "directory" | "zip" | "network";

export interface SideSummary {
  /** The path as given on the command line. */
  source: string;
  kind: SideKind;
  network: string;
  /** The lane7 version that generated the blueprint (blueprint.yaml `generator.version`). */
  generator: string;
}

export interface DiffSummary {
  security: number;
  podsAdded: number;
  podsRemoved: number;
  podsChanged: number;
  edgesAdded: number;
  edgesRemoved: number;
  filesAdded: number;
  filesRemoved: number;
  filesModified: number;
  businessLogicChanged: number;
}

export interface Change<T> {
  old: T;
  new: T;
}

export interface PinholeInfo {
  tier: 1 | 2;
  port: number;
}

export interface PodSummary {
  id: string;
  role: Role;
  protocol: Protocol;
  namespace: string;
  pinhole: PinholeInfo | null;
}

export type PodField = "role" | "protocol" | "pinhole" | "namespace";

export type PodFieldChange = {
  [F in PodField]: { field: F; old: PodSummary[F]; new: PodSummary[F] };
}[PodField];

export interface PodChange {
  id: string;
  changes: PodFieldChange[];
}

export interface EdgeSummary {
  from: string;
  to: string;
  protocol: Protocol;
}

/**
 * blueprint.yaml's `security`; a blueprint without it (of an earlier lane7 release) is of the wosp profile.
 * The certificate fields are the open-mtls profile's, null in the wosp profile.
 */
export interface SecuritySummary {
  profile: Profile;
  certificateHours: number | null;
  certManagerNamespace: string | null;
}

/** The network as blueprint.yaml describes it; the generator version is not part of it. */
export interface NetworkDiff {
  name: Change<string> | null;
  title: Change<string> | null;
  /** The security profile and its settings. */
  security: Change<SecuritySummary> | null;
  /** Compared only when both sides are of the wosp profile, the only one with modes; null otherwise. */
  mode: Change<Mode> | null;
  /** Added and changed pods in the new declaration order, removed ones in the old. */
  pods: { added: PodSummary[]; removed: PodSummary[]; changed: PodChange[] };
  edges: { added: EdgeSummary[]; removed: EdgeSummary[] };
}

/** Whether a change widens what may happen (a new route, a pinhole), narrows it, or neither. */
export type Effect = "loosens" | "changes" | "tightens";

export type SecurityChange =
  | RouteChange
  | PinholeChange
  | ModeChange
  | ProfileChange
  | CertificateHoursChange
  | CertManagerNamespaceChange
  | CredentialChange;

interface SecurityBase {
  effect: Effect;
  /** One line for a reviewer, e.g. `new route ai-gateway → nlp-processor (HTTP)`. */
  summary: string;
}

export interface RouteChange extends SecurityBase {
  kind: "route-added" | "route-removed";
  from: string;
  to: string;
  protocol: Protocol;
}

export interface PinholeChange extends SecurityBase {
  kind: "pinhole-added" | "pinhole-removed" | "pinhole-tier" | "pinhole-port";
  pod: string;
  old: PinholeInfo | null;
  new: PinholeInfo | null;
}

export interface ModeChange extends SecurityBase {
  kind: "mode";
  old: Mode;
  new: Mode;
}

/** The security profile changed: how every sidecar proves its identity to the others. */
export interface ProfileChange extends SecurityBase {
  kind: "profile";
  old: Profile;
  new: Profile;
}

/** open-mtls on both sides: the workload certificates' lifetime (hours) changed. */
export interface CertificateHoursChange extends SecurityBase {
  kind: "certificate-hours";
  old: number | null;
  new: number | null;
}

/** open-mtls on both sides: cert-manager's namespace, where the network CA's Certificate and Secret are kept. */
export interface CertManagerNamespaceChange extends SecurityBase {
  kind: "cert-manager-namespace";
  old: string | null;
  new: string | null;
}

export interface CredentialChange extends SecurityBase {
  kind: "credential";
  /** The pod whose Secret holds it (its `lane7.dev/pod` label), or the Secret's namespace. */
  pod: string;
  /** `namespace/name` of the Secret. */
  secret: string;
  key: string;
  old: CredentialState;
  new: CredentialState;
}

export interface CredentialState {
  state: "absent" | "placeholder" | "set";
  /** 12 hex digits of an HMAC, keyed per run, of the key name and the value, when set; never the value. */
  fingerprint: string | null;
}

export interface FileChange {
  path: string;
  change: "added" | "removed" | "modified";
  /** Present when the executable bit differs (the only permission git keeps). */
  mode?: Change<string>;
  /** YAML files: what changed per Kubernetes object (or YAML document). */
  objects?: ObjectChange[];
  /** Other files, and YAML files whose change is in formatting or comments only. */
  text?: TextDiff;
  /** Why the content is not shown (a binary file, or a file holding secrets that is not valid YAML). */
  note?: string;
  /** An app.py: which of its generated parts changed (its Section 1 is compared apart, see businessLogic). */
  appParts?: AppPart[];
}

/** The generated parts of an app.py: its header (down to the Section 1 banner) and its Section 2. */
export type AppPart = "header" | "section2";

export interface ObjectChange {
  /** `Deployment agentic-ai-ai-gateway-ns/ai-gateway`, or the kind alone for a document without a name. */
  object: string;
  change: "added" | "removed" | "modified";
  /** Field-level changes of a modified object; empty for an added or removed one. */
  fields: FieldChange[];
}

export interface FieldChange {
  /**
   * `spec.template.spec.containers[web-app].image`: list items with a `name` (or `id`, or `from` and `to`:
   * `edges[a→b]`) are keyed by it, others by index; ` › ` enters YAML or JSON embedded in a string (`data["envoy.yaml"] › static_resources…`).
   */
  path: string;
  change: "added" | "removed" | "changed";
  old?: unknown;
  new?: unknown;
}

export interface TextDiff {
  added: number;
  removed: number;
  /** A unified diff (`--- a/…`, `+++ b/…`, `@@` hunks with 3 lines of context). */
  unified: string;
  /** Set when the diff was shortened or simplified, saying how. */
  truncated: string | null;
}
