import { AsyncLocalStorage } from "node:async_hooks";
import type { KubeConfig, RequestContext, ResponseContext } from "@kubernetes/client-node";
import { apiConfiguration } from "./apis.js";
import { loadClientNode, type ClientNode } from "./client.js";

/** A Kubernetes object as JSON: exactly what the bundle holds, or what the API server sent. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMetadata;
  [field: string]: unknown;
}

export interface ObjectMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export const FIELD_MANAGER = "lane7";

export interface ApplyOptions {
  dryRun: boolean;
  force: boolean;
}

/**
 * Reads and writes objects as plain JSON through client-node's KubernetesObjectApi. Its own
 * (de)serialization goes through typed models that drop what they do not map: 1.4's
 * V1NetworkPolicyIngressRule loses `from`, which would turn an ingress rule into "from anywhere". So each
 * request's body is the object as written, and each answer is the server's JSON as sent.
 */
export interface ObjectClient {
  /** The live object, or null when there is none. */
  read(ref: ObjectRef): Promise<KubeObject | null>;
  /** Server-side apply (field manager lane7, strict field validation). */
  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  /** Every object of a kind, in every namespace, that matches `labelSelector`. */
  list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]>;
  /**
   * Deletes the object; its dependents (a namespace's content) go in the background. False when there was
   * none (nor, for a custom resource, its kind).
   */
  delete(ref: ObjectRef): Promise<boolean>;
}

interface Exchange {
  /** The body to send instead of client-node's serialization of it. */
  body?: string;
  /** The last answer's body, as the server sent it. */
  answer?: string;
}

export async function objectClient(config: KubeConfig): Promise<ObjectClient> {
  const lib = await loadClientNode();
  const exchanges = new AsyncLocalStorage<Exchange>();
  const api = new lib.KubernetesObjectApi(
    apiConfiguration(lib, config, [rawBodies(exchanges, lib.HttpMethod)]),
  );
  async function exchange(body: string | undefined, call: () => Promise<unknown>): Promise<unknown> {
    const state: Exchange = body === undefined ? {} : { body };
    await exchanges.run(state, call);
    return JSON.parse(state.answer ?? "null") as unknown;
  }
  const spec = (ref: ObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }) },
  });
  return {
    read: async (ref) => {
      try {
        return (await exchange(undefined, () => api.read(spec(ref)))) as KubeObject;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    apply: async (object, options) =>
      (await exchange(JSON.stringify(object), () =>
        api.patch(
          structuredClone(object),
          undefined,
          options.dryRun ? "All" : undefined,
          FIELD_MANAGER,
          options.force,
          lib.PatchStrategy.ServerSideApply,
        ),
      )) as KubeObject,
    list: async (apiVersion, kind, labelSelector) => {
      const call = () =>
        api.list(apiVersion, kind, undefined, undefined, undefined, undefined, undefined, labelSelector);
      const answer = (await exchange(undefined, call)) as { items?: KubeObject[] } | null;
      return (answer?.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
    },
    delete: async (ref) => {
      try {
        await exchange(undefined, () =>
          api.delete(spec(ref), undefined, undefined, undefined, undefined, "Background"),
        );
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}

/** Sends each PATCH with the exchange's own body and strict field validation; keeps each answer's text. */
function rawBodies(exchanges: AsyncLocalStorage<Exchange>, methods: ClientNode["HttpMethod"]) {
  return {
    pre: (context: RequestContext): Promise<RequestContext> => {
      const state = exchanges.getStore();
      if (state?.body !== undefined && context.getHttpMethod() === methods.PATCH) {
        context.setBody(state.body);
        context.setQueryParam("fieldValidation", "Strict");
      }
      return Promise.resolve(context);
    },
    post: async (context: ResponseContext): Promise<ResponseContext> => {
      const text = await context.body.text();
      const state = exchanges.getStore();
      if (state !== undefined) state.answer = text;
      context.body = { text: () => Promise.resolve(text), binary: () => Promise.resolve(Buffer.from(text)) };
      return context;
    },
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 404;
}

export function refOf(object: KubeObject): ObjectRef {
  const { apiVersion, kind, metadata } = object;
  return {
    apiVersion,
    kind,
    name: metadata.name,
    ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
  };
}

/** "Secret shop-ns/db" or "Namespace shop-ns". */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? "" : `${ref.namespace}/`}${ref.name}`;
}
