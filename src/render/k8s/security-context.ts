import type { PodSecurityContext, SecurityContext } from "./types.js";

/** A fixed non-root identity, outside the range images usually give their own users. */
export const RUN_AS_ID = 10001;

/**
 * Pod level: no container runs as root, every file a volume brings in belongs to RUN_AS_ID's group, and
 * the runtime's default seccomp profile filters system calls. Together with the container context below,
 * this satisfies the "restricted" Pod Security Standard that the namespace enforces.
 */
export function podSecurityContext(): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: RUN_AS_ID,
    runAsGroup: RUN_AS_ID,
    fsGroup: RUN_AS_ID,
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
