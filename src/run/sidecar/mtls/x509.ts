/**
 * @peculiar/x509 (X.509 over WebCrypto), loaded on first use: only `lane7 run` in the open-mtls profile
 * pays for it, never another command. It needs the Reflect metadata API, which reflect-metadata adds. The
 * bundle keeps both external (scripts/bundle.mjs).
 */
export type X509 = typeof import("@peculiar/x509");

let loading: Promise<X509> | undefined;

export function loadX509(): Promise<X509> {
  loading ??= import("reflect-metadata").then(() => import("@peculiar/x509"));
  return loading;
}
