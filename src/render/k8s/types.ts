import type {
  V1ConfigMap,
  V1Container,
  V1ContainerPort,
  V1Deployment,
  V1EnvVar,
  V1Namespace,
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicySpec,
  V1ObjectMeta,
  V1PodSecurityContext,
  V1Probe,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Secret,
  V1Service,
  V1Volume,
  V1VolumeMount,
} from "@kubernetes/client-node";

/**
 * client-node declares its models as classes, but lane7 builds plain objects and serializes them as they
 * are. `Plain` keeps every field and its type while dropping the class identity, so an object literal is
 * what the type describes rather than a stand-in for an instance.
 */
export type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { [K in keyof T]: Plain<T[K]> }
    : T;

export type ObjectMeta = Plain<V1ObjectMeta>;
export type Namespace = Plain<V1Namespace>;
export type Secret = Plain<V1Secret>;
export type ConfigMap = Plain<V1ConfigMap>;
export type Service = Plain<V1Service>;
export type Deployment = Plain<V1Deployment>;
export type Container = Plain<V1Container>;
export type ContainerPort = Plain<V1ContainerPort>;
export type EnvVar = Plain<V1EnvVar>;
export type Probe = Plain<V1Probe>;
export type ResourceRequirements = Plain<V1ResourceRequirements>;
export type PodSecurityContext = Plain<V1PodSecurityContext>;
export type SecurityContext = Plain<V1SecurityContext>;
export type Volume = Plain<V1Volume>;
export type VolumeMount = Plain<V1VolumeMount>;
export type NetworkPolicyPeer = Plain<V1NetworkPolicyPeer>;
export type NetworkPolicyEgressRule = Plain<V1NetworkPolicyEgressRule>;

/**
 * The generated model also spells the ingress rule's `from` as `_from` (a reserved word to its generator)
 * and maps it back only in its own serializer; these types put the API's field name back.
 */
export type NetworkPolicyIngressRule = Omit<Plain<V1NetworkPolicyIngressRule>, "_from"> & {
  from?: NetworkPolicyPeer[];
};
export type NetworkPolicySpec = Omit<Plain<V1NetworkPolicySpec>, "ingress"> & {
  ingress?: NetworkPolicyIngressRule[];
};
export type NetworkPolicy = Omit<Plain<V1NetworkPolicy>, "spec"> & { spec: NetworkPolicySpec };
