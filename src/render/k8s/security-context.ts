import { CONTAINER_UID } from "../conventions.js";
import type { PodSecurityContext, SecurityContext } from "./types.js";

/**
 * Pod level: no container runs as root, every file a volume brings in belongs to CONTAINER_UID's group, and
 * the runtime's default seccomp profile filters system calls. Together with the container context below,
 * this satisfies the "restricted" Pod Security Standard that the namespace enforces.
 */
export function podSecurityContext(): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: CONTAINER_UID,
    runAsGroup: CONTAINER_UID,
    fsGroup: CONTAINER_UID,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Every container: no privileges to gain, none to start with, and a root filesystem it cannot change. */
export function containerSecurityContext(): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
  };
}
