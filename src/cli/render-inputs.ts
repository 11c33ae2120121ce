import type { NetworkComposer } from "../cluster/load-target.js";
import { composeNetwork, type RenderOverrides } from "../composition.js";
import type { Io } from "../io.js";
import { defaultRenderOptions } from "../render/defaults.js";
import type { NetworkDescription } from "../spec/network.js";
import { lane7Version } from "../version.js";
import { securityModel } from "../model/resolve.js";
import { credentialsWarning, loadCredentials, unusedCredentialsWarning } from "./credentials.js";
import { imagesWarning, loadImageOptions } from "./images.js";
import { readValidNetwork } from "./network-input.js";

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
  // The open-mtls profile's sidecars prove their identity with cert-manager certificates: no Hopr credential.
  const wosp = securityModel(network.spec.security).profile === "wosp";
  const hopr = wosp ? credentials.credentials : null;
  return {
    overrides: { ...images, credentials: hopr, imagePullSecret: credentials.imagePullSecret },
    holdsCredentials: hopr !== null || credentials.imagePullSecret !== null,
    warnings: [
      wosp ? credentialsWarning(credentials, network.spec.pods) : unusedCredentialsWarning(credentials),
      imagesWarning(images, defaults),
    ].filter((warning) => warning !== undefined),
  };
}

/**
 * How the cluster commands compose a network file: read and validated (its findings printed, an invalid
 * one refused with `consequence`), then composed as `lane7 compose` would with these options.
 */
export function networkComposer(
  options: { images?: string; credentials?: string },
  io: Io,
  consequence: string,
): NetworkComposer {
  return async (file) => {
    const network = await readValidNetwork(file, io, consequence);
    const inputs = await loadRenderInputs(options, io, network);
    return { composition: composeNetwork(network, inputs.overrides), warnings: inputs.warnings };
  };
}
