import type { SecurityModel } from "../../model/model.js";

/**
 * The Checkov checks lane7's Deployments deliberately do not satisfy, each with why. Every Deployment
 * carries them as Checkov's skip annotations and the bundle README lists them, both from this list, so
 * that nothing is skipped silently. Checkov skips per object, not per container: the probes of the app
 * and WoSP containers are held by lane7's own tests.
 */
export interface CheckovSkip {
  id: string;
  /** The check as Checkov names it. */
  check: string;
  /** Why; without "=", since Checkov splits the annotation value at it into the id and the reason. */
  reason: string;
}

/** The wosp profile's: the WoSP sidecar and the Web Retriever beside the app. */
export const CHECKOV_SKIPS: readonly CheckovSkip[] = [
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
  {
    id: "CKV_K8S_15",
    check: "Image Pull Policy should be Always",
    reason:
      "images are pinned by version tag and pulled IfNotPresent, so a pod also starts from an image " +
      "loaded into the cluster; digest references given with --images are pulled exactly",
  },
  {
    id: "CKV_K8S_35",
    check: "Prefer using secrets as files over secrets as environment variables",
    reason:
      "the WoSP sidecar reads its license, API token and key from environment variables; " +
      "only the sidecar gets them",
  },
  {
    id: "CKV_K8S_43",
    check: "Image should use digest",
    reason:
      "the app images are built after lane7 writes the manifests, so their digests are unknown; " +
      "the WoSP and Web Retriever images take digest references in the --images file",
  },
];

/**
 * The open-mtls profile's: its Envoy sidecar has probes and reads no secret from the environment, and
 * there is no Web Retriever, so only the image checks remain.
 */
const OPEN_MTLS_CHECKOV_SKIPS: readonly CheckovSkip[] = CHECKOV_SKIPS.flatMap((skip) => {
  if (skip.id === "CKV_K8S_15") return [skip];
  if (skip.id !== "CKV_K8S_43") return [];
  return [
    {
      ...skip,
      reason:
        "the app images are built after lane7 writes the manifests, so their digests are unknown; " +
        "the Envoy image takes a digest reference in the --images file",
    },
  ];
});

/** The checks a Deployment of the profile skips. */
export function checkovSkips(security: SecurityModel): readonly CheckovSkip[] {
  return security.profile === "open-mtls" ? OPEN_MTLS_CHECKOV_SKIPS : CHECKOV_SKIPS;
}

/** `checkov.io/skip<n>: <id>=<reason>` for each check, for a Deployment's metadata. */
export function checkovSkipAnnotations(security: SecurityModel): Record<string, string> {
  return Object.fromEntries(
    checkovSkips(security).map((skip, index) => [`checkov.io/skip${index + 1}`, `${skip.id}=${skip.reason}`]),
  );
}
