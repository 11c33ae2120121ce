import type { BlueprintModel } from "../../model/model.js";

/**
 * The Checkov checks lane7's Deployments deliberately do not satisfy, each with why. Every Deployment
 * carries them as Checkov's skip annotations and the bundle README lists them, both from this list, so
 * that nothing is skipped silently. Checkov skips per object, not per container: the probes of the app
 * and WoSP containers are held by lane7's own tests. Each security profile skips only what its
 * Deployments fail.
 */
export interface CheckovSkip {
  id: string;
  /** The check as Checkov names it. */
  check: string;
  /** Why; without "=", since Checkov splits the annotation value at it into the id and the reason. */
  reason: string;
}

const PULL_POLICY: CheckovSkip = {
  id: "CKV_K8S_15",
  check: "Image Pull Policy should be Always",
  reason:
    "images are pinned by version tag and pulled IfNotPresent, so a pod also starts from an image " +
    "loaded into the cluster; digest references given with --images are pulled exactly",
};

/** The app images have no digest yet; the sidecar images named (`sidecars`) can take one. */
function imageDigest(sidecars: string): CheckovSkip {
  return {
    id: "CKV_K8S_43",
    check: "Image should use digest",
    reason:
      "the app images are built after lane7 writes the manifests, so their digests are unknown; " +
      `${sidecars} in the --images file`,
  };
}

const WOSP_SKIPS: readonly CheckovSkip[] = [
  {
    id: "CKV_K8S_8",
    check: "Liveness Probe Should be Configured",
    reason:
      "the Web Retriever has no documented listener or health endpoint, so a guessed probe would restart " +
      "a healthy container; a crash restarts it anyway, and the app and WoSP containers have liveness probes",
  },
  {
    id: "CKV_K8S_9",
    check: "Readiness Probe Should be Configured",
    reason:
      "the Web Retriever has no documented listener or health endpoint and receives no traffic; " +
      "the app and WoSP containers have readiness probes",
  },
  PULL_POLICY,
  {
    id: "CKV_K8S_35",
    check: "Prefer using secrets as files over secrets as environment variables",
    reason:
      "the WoSP sidecar reads its license, API token and key from environment variables; " +
      "only the sidecar gets them",
  },
  imageDigest("the WoSP and Web Retriever images take digest references"),
];

/** open-mtls: every container has probes, and the only secrets are files (the workload certificate). */
const OPEN_MTLS_SKIPS: readonly CheckovSkip[] = [
  PULL_POLICY,
  imageDigest("the Envoy image takes a digest reference"),
];

/** The checks the Deployments of `model`'s security profile skip, in annotation order. */
export function checkovSkips(model: BlueprintModel): readonly CheckovSkip[] {
  return model.security.profile === "wosp" ? WOSP_SKIPS : OPEN_MTLS_SKIPS;
}

/** `checkov.io/skip<n>: <id>=<reason>` for each check, for a Deployment's metadata. */
export function checkovSkipAnnotations(model: BlueprintModel): Record<string, string> {
  return Object.fromEntries(
    checkovSkips(model).map((skip, index) => [`checkov.io/skip${index + 1}`, `${skip.id}=${skip.reason}`]),
  );
}
