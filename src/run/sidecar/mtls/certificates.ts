import type { BlueprintModel } from "../../../model/model.js";
import { CertificateAuthority, type Credential } from "./authority.js";
import { loadX509, type X509 } from "./x509.js";

/** The certificates of one open-mtls run: its CA, and one certificate per pod, by pod id. */
export interface RunCertificates {
  authority: CertificateAuthority;
  byPod: ReadonlyMap<string, Credential>;
  /** The URI SANs of a certificate (DER); none when it names none or cannot be read. */
  namesOf: (der: Buffer | undefined) => readonly string[];
}

/** A fresh CA for the run, and a certificate per pod naming its identity, valid for `hours`. */
export async function issueRunCertificates(model: BlueprintModel, hours: number): Promise<RunCertificates> {
  const x509 = await loadX509();
  const authority = await CertificateAuthority.create(x509, `lane7 run ${model.name} CA`, hours);
  const byPod = new Map<string, Credential>();
  for (const pod of model.pods) byPod.set(pod.id, await authority.issue(pod.identity, pod.host));
  return { authority, byPod, namesOf: remembered((der) => uriNamesOf(x509, der)) };
}

/** How many certificates' names are remembered; a run sees few certificates, its own. */
const REMEMBERED = 256;

/**
 * Reading a certificate takes the library milliseconds (tens on a busy machine), twice per connection;
 * the same few certificates come again and again, so each is read once.
 */
function remembered(
  read: (der: Buffer) => readonly string[],
): (der: Buffer | undefined) => readonly string[] {
  const names = new Map<string, readonly string[]>();
  return (der) => {
    if (!der || der.length === 0) return [];
    const key = der.toString("base64");
    let found = names.get(key);
    if (found === undefined) {
      if (names.size >= REMEMBERED) names.clear();
      found = read(der);
      names.set(key, found);
    }
    return found;
  };
}

function uriNamesOf(x509: X509, der: Buffer): string[] {
  try {
    const names = new x509.X509Certificate(der).getExtension(x509.SubjectAlternativeNameExtension)?.names;
    return (names?.items ?? []).filter((name) => name.type === "url").map((name) => name.value);
  } catch {
    return [];
  }
}
