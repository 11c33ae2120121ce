import * as z from "zod";
import type { PodModel } from "../model/model.js";
import { placeholderFor, WOSP_SECRET_KEYS } from "../render/k8s/index.js";
import type { Credentials, ImagePullSecret } from "../render/options.js";
import type { Io } from "../io.js";
import { optionsFileError, readOptionsFile } from "./options-file.js";

const secretValue = z
  .string()
  .min(1, { error: "must not be empty" })
  .refine((value) => value === value.trim(), {
    error: "must not start or end with whitespace (a `|` block adds a newline)",
  })
  .refine((value) => !/\p{Cs}/u.test(value), {
    error: "must be Unicode text: a `\\u` escape here stands for half a character",
  });

const CredentialsFileSchema = z.strictObject({
  license: secretValue.optional(),
  apiToken: secretValue.optional(),
  keys: z.record(z.string(), secretValue).optional(),
  imagePullSecret: z
    .strictObject({
      name: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/, { error: "must be a Kubernetes Secret name" }),
      dockerConfigJson: z
        .string()
        .refine(isDockerConfig, { error: 'must be the JSON of a docker config: {"auths": {…}}' }),
    })
    .optional(),
});

const EXAMPLE = `  license: <your WoSP license>
  apiToken: <your Hopr API token>
  keys:
    <pod id>: <that pod's HOPR_KEY>
  imagePullSecret:                  # optional: a registry credential for the images
    name: regcred
    dockerConfigJson: '{"auths": {"registry.example.com": {"auth": "…"}}}'`;

/** The credentials for 02-secrets.yaml, and which of them are placeholders. */
export interface LoadedCredentials {
  /** Null when none were given at all: every secret value is a placeholder. */
  credentials: Credentials | null;
  /** The registry credential every pod's image pulls with, when the file gives one. */
  imagePullSecret: ImagePullSecret | null;
  /** What was not given (`HOPR_LICENSE`, `HOPR_KEY of pod-2`), in a stable order. */
  missing: string[];
}

/**
 * Credentials from the --credentials file and the environment (HOPR_LICENSE, HOPR_API_TOKEN,
 * HOPR_KEY_<POD_ID>). The file wins over the environment: it was named on this command line. A missing
 * value becomes the renderer's placeholder; a key for a pod the network does not have is an error.
 */
export async function loadCredentials(
  file: string | undefined,
  { env, cwd }: Pick<Io, "env" | "cwd">,
  pods: readonly Pick<PodModel, "id">[],
): Promise<LoadedCredentials> {
  const fromFile = file === undefined ? {} : await readCredentialsFile(file, cwd, pods);
  const imagePullSecret = fromFile.imagePullSecret ?? null;
  const license = fromFile.license ?? given(env.HOPR_LICENSE);
  const apiToken = fromFile.apiToken ?? given(env.HOPR_API_TOKEN);
  const keys = podKeys(fromFile.keys ?? {}, env, pods);
  const missing = [
    ...(license === undefined ? [WOSP_SECRET_KEYS.license] : []),
    ...(apiToken === undefined ? [WOSP_SECRET_KEYS.apiToken] : []),
    ...pods
      .filter((pod) => !Object.hasOwn(keys, pod.id))
      .map((pod) => `${WOSP_SECRET_KEYS.key} of ${pod.id}`),
  ];
  if (license === undefined && apiToken === undefined && Object.keys(keys).length === 0) {
    return { credentials: null, imagePullSecret, missing };
  }
  return {
    credentials: {
      license: license ?? placeholderFor(WOSP_SECRET_KEYS.license),
      apiToken: apiToken ?? placeholderFor(WOSP_SECRET_KEYS.apiToken),
      keys,
    },
    imagePullSecret,
    missing,
  };
}

function podKeys(
  fromFile: Record<string, string>,
  env: Io["env"],
  pods: readonly Pick<PodModel, "id">[],
): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pod of pods) {
    // Own keys only: a pod named `constructor` must not read Object.prototype.constructor.
    const key =
      (Object.hasOwn(fromFile, pod.id) ? fromFile[pod.id] : undefined) ?? given(env[podKeyVariable(pod.id)]);
    if (key !== undefined) keys[pod.id] = key;
  }
  return keys;
}

/** An empty variable counts as unset. */
function given(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}

/** `HOPR_KEY_AI_GATEWAY` for pod `ai-gateway`. */
export function podKeyVariable(podId: string): string {
  return `${WOSP_SECRET_KEYS.key}_${podId.toUpperCase().replaceAll("-", "_")}`;
}

async function readCredentialsFile(
  file: string,
  cwd: string,
  pods: readonly Pick<PodModel, "id">[],
): Promise<z.infer<typeof CredentialsFileSchema>> {
  const loaded = await readOptionsFile(file, cwd, "--credentials", CredentialsFileSchema, EXAMPLE);
  const known = new Set(pods.map((pod) => pod.id));
  const unknown = Object.keys(loaded.value.keys ?? {}).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const problems = unknown.map(
      (id) => `${loaded.at(["keys", id], true)}: a key under \`keys\` names no pod of the network`,
    );
    throw optionsFileError(problems, "--credentials", EXAMPLE);
  }
  return loaded.value;
}

/**
 * The one warning compose prints when secret values are missing: what is a placeholder and how to fill it
 * in. It names variables and pods, never a value.
 */
export function credentialsWarning(
  loaded: LoadedCredentials,
  pods: readonly Pick<PodModel, "id">[],
): string | undefined {
  if (loaded.missing.length === 0) return undefined;
  const what =
    loaded.credentials === null
      ? "no credentials were given, so every 02-secrets.yaml holds placeholders"
      : `02-secrets.yaml holds placeholders for ${summarize(loaded.missing)}`;
  const keys = loaded.credentials?.keys ?? {};
  const keyless = pods.find((pod) => !Object.hasOwn(keys, pod.id));
  const example = keyless === undefined ? "" : ` (e.g. ${podKeyVariable(keyless.id)})`;
  return (
    `${what}; deploy once they are filled in: compose again with --credentials FILE ` +
    `(license, apiToken, keys: {<pod id>: <key>}) or set HOPR_LICENSE, HOPR_API_TOKEN and HOPR_KEY_<POD_ID>${example}`
  );
}

/** The open-mtls profile has no use for Hopr credentials: say so when some were given, rather than drop them silently. */
export function unusedCredentialsWarning(loaded: LoadedCredentials): string | undefined {
  if (loaded.credentials === null) return undefined;
  return (
    "Hopr credentials were given (--credentials or the HOPR_* variables), but the open-mtls profile uses " +
    "none: its sidecars prove their identity with cert-manager certificates, and no Hopr credential is " +
    "written into the bundle"
  );
}

function isDockerConfig(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && "auths" in value;
  } catch {
    return false;
  }
}

function summarize(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(", ");
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
