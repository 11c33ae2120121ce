import type { BlueprintModel, PodModel } from "../../model/model.js";
import { podLabels } from "./labels.js";
import type { Namespace } from "./types.js";

/** Pod Security Admission: reject (enforce), log (audit) and report (warn) anything short of "restricted". */
export const POD_SECURITY_LABELS = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
} as const;

export function renderNamespace(model: BlueprintModel, pod: PodModel): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: pod.namespace, labels: { ...podLabels(model, pod), ...POD_SECURITY_LABELS } },
  };
}
