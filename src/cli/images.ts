import * as z from "zod";
import type { RenderOptions } from "../render/options.js";
import { readOptionsFile } from "./options-file.js";

const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
const APP_TEMPLATE_FIELDS = /\{(network|pod)\}/g;

const imageReference = z.string().regex(IMAGE, { error: "is not an image reference (registry/name:tag)" });
const appImage = z.string().refine((value) => IMAGE.test(value.replace(APP_TEMPLATE_FIELDS, "x")), {
  error: "is not an image reference (registry/name:tag; {network} and {pod} are replaced per pod)",
});

const ImagesFileSchema = z.strictObject({
  app: appImage.optional(),
  wosp: imageReference.optional(),
  webRetriever: imageReference.optional(),
  envoy: imageReference.optional(),
  woSPFilterPath: z
    .string()
    .regex(/^\/[^\s]*$/, { error: "must be an absolute path inside the sidecar image" })
    .optional(),
});

const EXAMPLE = `  app: registry.example.com/{network}/{pod}:0.1.0
  wosp: registry.hopr.co/wosp/xtra-wasm:1.0.0
  webRetriever: registry.hopr.co/wosp/web-retriever:1.0.0
  envoy: docker.io/envoyproxy/envoy:distroless-v1.39.1   # the open-mtls profile's sidecar
  woSPFilterPath: /etc/wosp/wosp.wasm        # optional`;

export type ImageOptions = Pick<RenderOptions, "images" | "woSPFilterPath">;

/** The image settings of the --images file (relative to `cwd`) over `defaults`; every key of the file is optional. */
export async function loadImageOptions(
  file: string | undefined,
  cwd: string,
  defaults: ImageOptions,
): Promise<ImageOptions> {
  if (file === undefined) return defaults;
  const { value } = await readOptionsFile(file, cwd, "--images", ImagesFileSchema, EXAMPLE);
  return {
    images: {
      app: value.app ?? defaults.images.app,
      wosp: value.wosp ?? defaults.images.wosp,
      webRetriever: value.webRetriever ?? defaults.images.webRetriever,
      envoy: value.envoy ?? defaults.images.envoy,
    },
    woSPFilterPath: value.woSPFilterPath ?? defaults.woSPFilterPath,
  };
}

/**
 * The warning compose prints while the app images are still the placeholder default: nothing can pull
 * them, so the pods would never start.
 */
export function imagesWarning(images: ImageOptions, defaults: ImageOptions): string | undefined {
  if (images.images.app !== defaults.images.app) return undefined;
  return (
    `the app images are the placeholder ${defaults.images.app}; build each <pod>/app/ into your ` +
    "registry and compose again with --images FILE (app: <registry>/{network}/{pod}:<tag>)"
  );
}
