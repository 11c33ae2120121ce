import type {
  V1Capabilities,
  V1Container,
  V1PodSpec,
  V1PodTemplateSpec,
  V1SeccompProfile,
  V1SecurityContext,
} from "@kubernetes/client-node";
import type { Plain } from "../../src/render/k8s/types.js";

/** A pod template (a Pod's or a Deployment's metadata + spec) as plain data, e.g. a parsed manifest. */
export type PodTemplate = Plain<V1PodTemplateSpec>;
type PodSpec = Plain<V1PodSpec>;
type SecurityContext = Plain<V1SecurityContext>;

/**
 * The "restricted" Pod Security Standard (which includes "baseline"), as Pod Security Admission checks it
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/). `restrictedViolations` returns
 * every violation of a pod template; an empty list means the pod is admitted.
 */
export type Control =
  | "hostProcess"
  | "hostNamespaces"
  | "privileged"
  | "capabilities"
  | "hostPathVolumes"
  | "hostPorts"
  | "appArmor"
  | "seLinux"
  | "procMount"
  | "seccomp"
  | "sysctls"
  | "volumeTypes"
  | "allowPrivilegeEscalation"
  | "runAsNonRoot"
  | "runAsUser";

export interface Violation {
  control: Control;
  path: string;
  message: string;
}

export function restrictedViolations(template: PodTemplate): Violation[] {
  const spec = template.spec;
  if (!spec) return [{ control: "runAsNonRoot", path: "spec", message: "a pod template needs a spec" }];
  const annotations = template.metadata?.annotations ?? {};
  return [
    ...podLevel(spec),
    ...appArmorAnnotations(annotations),
    ...volumes(spec),
    ...containersOf(spec).flatMap(([path, container]) =>
      containerLevel(path, container.securityContext, container),
    ),
    ...seccompCoverage(spec),
    ...runAsNonRootCoverage(spec),
  ];
}

type AnyContainer = Pick<Plain<V1Container>, "securityContext" | "ports">;

function containersOf(spec: PodSpec): [string, AnyContainer][] {
  const groups: [string, AnyContainer[] | undefined][] = [
    ["containers", spec.containers],
    ["initContainers", spec.initContainers],
    ["ephemeralContainers", spec.ephemeralContainers],
  ];
  return groups.flatMap(([field, list]) =>
    (list ?? []).map((container, index): [string, AnyContainer] => [`spec.${field}[${index}]`, container]),
  );
}

const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set([
  "",
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);
const ALLOWED_VOLUME_SOURCES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
const ALLOWED_SECCOMP = new Set(["RuntimeDefault", "Localhost"]);
const ALLOWED_APPARMOR = new Set(["RuntimeDefault", "Localhost"]);
const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

function podLevel(spec: PodSpec): Violation[] {
  const found: Violation[] = [];
  const add = (control: Control, path: string, message: string) => found.push({ control, path, message });
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (spec[field] === true) add("hostNamespaces", `spec.${field}`, "host namespaces are forbidden");
  }
  const context = spec.securityContext;
  if (context?.windowsOptions?.hostProcess === true)
    add("hostProcess", "spec.securityContext", "hostProcess");
  if (context?.runAsUser === 0) add("runAsUser", "spec.securityContext.runAsUser", "must not be 0");
  if (context?.seccompProfile) seccompType(context.seccompProfile, "spec.securityContext", add);
  if (context?.appArmorProfile && !ALLOWED_APPARMOR.has(context.appArmorProfile.type)) {
    add("appArmor", "spec.securityContext.appArmorProfile", `type ${context.appArmorProfile.type}`);
  }
  seLinux(context?.seLinuxOptions, "spec.securityContext", add);
  for (const sysctl of context?.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name))
      add("sysctls", "spec.securityContext.sysctls", `unsafe ${sysctl.name}`);
  }
  if (context?.runAsNonRoot === false)
    add("runAsNonRoot", "spec.securityContext.runAsNonRoot", "must be true");
  return found;
}

type Add = (control: Control, path: string, message: string) => void;

function seccompType(profile: Plain<V1SeccompProfile>, path: string, add: Add): void {
  if (!ALLOWED_SECCOMP.has(profile.type)) add("seccomp", `${path}.seccompProfile`, `type ${profile.type}`);
}

function seLinux(options: SecurityContext["seLinuxOptions"], path: string, add: Add): void {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? ""))
    add("seLinux", `${path}.seLinuxOptions.type`, String(options.type));
  if (options.user !== undefined) add("seLinux", `${path}.seLinuxOptions.user`, "must be unset");
  if (options.role !== undefined) add("seLinux", `${path}.seLinuxOptions.role`, "must be unset");
}

function appArmorAnnotations(annotations: Record<string, string>): Violation[] {
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(APPARMOR_ANNOTATION))
    .filter(([, value]) => value !== "runtime/default" && !value.startsWith("localhost/"))
    .map(([key, value]) => ({ control: "appArmor", path: `metadata.annotations.${key}`, message: value }));
}

function volumes(spec: PodSpec): Violation[] {
  return (spec.volumes ?? []).flatMap((volume, index) => {
    const path = `spec.volumes[${index}]`;
    const sources = Object.keys(volume).filter((key) => key !== "name");
    const found: Violation[] = [];
    if ("hostPath" in volume)
      found.push({ control: "hostPathVolumes", path, message: "hostPath is forbidden" });
    for (const source of sources.filter((key) => !ALLOWED_VOLUME_SOURCES.has(key))) {
      found.push({ control: "volumeTypes", path, message: `${source} volumes are not allowed` });
    }
    return found;
  });
}

function containerLevel(
  path: string,
  context: SecurityContext | undefined,
  container: AnyContainer,
): Violation[] {
  const found: Violation[] = [];
  const add: Add = (control, at, message) => found.push({ control, path: at, message });
  const at = `${path}.securityContext`;
  for (const port of container.ports ?? []) {
    if (port.hostPort !== undefined && port.hostPort !== 0)
      add("hostPorts", `${path}.ports`, `hostPort ${port.hostPort}`);
  }
  if (context?.windowsOptions?.hostProcess === true) add("hostProcess", at, "hostProcess");
  if (context?.privileged === true) add("privileged", `${at}.privileged`, "must not be true");
  capabilities(context?.capabilities, at, add);
  if (context?.procMount !== undefined && context.procMount !== "Default")
    add("procMount", at, context.procMount);
  if (context?.seccompProfile) seccompType(context.seccompProfile, at, add);
  if (context?.appArmorProfile && !ALLOWED_APPARMOR.has(context.appArmorProfile.type)) {
    add("appArmor", `${at}.appArmorProfile`, `type ${context.appArmorProfile.type}`);
  }
  seLinux(context?.seLinuxOptions, at, add);
  if (context?.allowPrivilegeEscalation !== false)
    add("allowPrivilegeEscalation", at, "must be set to false");
  if (context?.runAsNonRoot === false) add("runAsNonRoot", `${at}.runAsNonRoot`, "must not be false");
  if (context?.runAsUser === 0) add("runAsUser", `${at}.runAsUser`, "must not be 0");
  return found;
}

function capabilities(caps: Plain<V1Capabilities> | undefined, path: string, add: Add): void {
  if (!caps?.drop?.includes("ALL")) add("capabilities", `${path}.capabilities.drop`, "must include ALL");
  for (const cap of caps?.add ?? []) {
    if (cap !== "NET_BIND_SERVICE")
      add("capabilities", `${path}.capabilities.add`, `${cap} may not be added`);
  }
}

/** Seccomp must be RuntimeDefault or Localhost at pod level, or else on every container. */
function seccompCoverage(spec: PodSpec): Violation[] {
  if (spec.securityContext?.seccompProfile) return [];
  return containersOf(spec)
    .filter(([, container]) => !container.securityContext?.seccompProfile)
    .map(([path]) => ({ control: "seccomp", path, message: "no seccomp profile at pod or container level" }));
}

/** runAsNonRoot must be true at pod level, or else on every container. */
function runAsNonRootCoverage(spec: PodSpec): Violation[] {
  if (spec.securityContext?.runAsNonRoot === true) return [];
  return containersOf(spec)
    .filter(([, container]) => container.securityContext?.runAsNonRoot !== true)
    .map(([path]) => ({
      control: "runAsNonRoot",
      path,
      message: "runAsNonRoot is not true at pod or container level",
    }));
}
