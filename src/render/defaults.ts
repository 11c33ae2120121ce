import type { RenderOptions } from "./options.js";
import { templateSources } from "./text/templates.js";

/**
 * Image references a bundle uses unless `--images` says otherwise. The WoSP and Web Retriever images are
 * the licensed ones delivered with Hopr credentials; the open-mtls profile's sidecar is upstream Envoy
 * (distroless: no shell, runs as non-root); the app image is yours to build from <pod>/app/.
 */
export function defaultRenderOptions(lane7Version: string): RenderOptions {
  return {
    templates: templateSources(),
    lane7Version,
    images: {
      app: "registry.example.com/{network}/{pod}:0.1.0",
      wosp: "registry.hopr.co/wosp/xtra-wasm:1.0.0",
      webRetriever: "registry.hopr.co/wosp/web-retriever:1.0.0",
      envoy: "docker.io/envoyproxy/envoy:distroless-v1.39.1",
    },
    woSPFilterPath: "/etc/wosp/wosp.wasm",
    credentials: null,
    imagePullSecret: null,
  };
}
