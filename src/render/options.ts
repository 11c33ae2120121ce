import type { TemplateSources } from "./text/templates.js";

/**
 * Everything a renderer may read besides the model, every value defaulted in one place
 * (`defaultRenderOptions`). No renderer reads the environment, the clock or the disk.
 */
export interface RenderOptions {
  /** The text templates (templateSources), read before rendering. */
  templates: TemplateSources;
  /** The lane7 version, written into blueprint.yaml and the README. */
  lane7Version: string;
  images: Images;
  /** Path of the WoSP WASM module inside the sidecar image. */
  woSPFilterPath: string;
  /** Credentials for 02-secrets.yaml; placeholders when absent. Only secrets renderers may read them. */
  credentials: Credentials | null;
  /** Name of an image-pull Secret to reference and create, or null for none. */
  imagePullSecret: ImagePullSecret | null;
}

export interface Images {
  /** The app image; `{network}` and `{pod}` are replaced per pod. */
  app: string;
  /** The WoSP sidecar (Envoy with the WoSP WASM filter). */
  wosp: string;
  /** The Web Retriever. */
  webRetriever: string;
  /** The open-mtls profile's sidecar: upstream Envoy. */
  envoy: string;
}

export interface Credentials {
  license: string;
  apiToken: string;
  /** HOPR_KEY per pod id. */
  keys: Record<string, string>;
}

export interface ImagePullSecret {
  name: string;
  /** The .dockerconfigjson content; a secret value. */
  dockerConfigJson: string;
}
