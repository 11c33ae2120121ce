import type { RenderOverrides } from "../composition.js";
import type { Io } from "../io.js";
import { defaultRenderOptions } from "../render/defaults.js";
import type { NetworkDescription } from "../spec/network.js";
import { lane7Version } from "../version.js";
import { credentialsWarning, loadCredentials } from "./credentials.js";
import { imagesWarning, loadImageOptions } from "./images.js";

/** What `--images` and `--credentials` (and the HOPR_* variables) give a composition. */
export interface RenderInputs {
  overrides: RenderOverrides;
  /** Real secret values are in the bundle (its zip is then written mode 0600). */
  holdsCredentials: boolean;
  /** What is still a placeholder, for the command to print. */
  warnings: string[];
}

export async function loadRenderInputs(
  options: { images?: string; credentials?: string },
  io: Io,
  network: NetworkDescription,
): Promise<RenderInputs> {
  const defaults = defaultRenderOptions(lane7Version());
  const images = await loadImageOptions(options.images, io.cwd, defaults);
  const credentials = await loadCredentials(options.credentials, io, network.spec.pods);
  return {
    overrides: {
      ...images,
      credentials: credentials.credentials,
      imagePullSecret: credentials.imagePullSecret,
    },
    holdsCredentials: credentials.credentials !== null || credentials.imagePullSecret !== null,
    warnings: [credentialsWarning(credentials, network.spec.pods), imagesWarning(images, defaults)].filter(
      (warning) => warning !== undefined,
    ),
  };
}
