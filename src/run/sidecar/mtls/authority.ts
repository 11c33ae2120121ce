import { randomBytes, webcrypto } from "node:crypto";
import type { X509 } from "./x509.js";

/** A certificate and its private key, PEM, as node:tls takes them. */
export interface Credential {
  cert: string;
  key: string;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
/** Margin for clocks: a certificate is valid from a minute before it is made. */
const BACKDATE_MS = 60_000;

/**
 * The certificate authority of one run, in memory only: a self-signed ECDSA P-256 CA that issues each
 * pod's certificate, valid for `hours` from now, naming the pod's identity as its only URI SAN.
 */
export class CertificateAuthority {
  private constructor(
    private readonly x509: X509,
    private readonly keys: webcrypto.CryptoKeyPair,
    private readonly certificate: InstanceType<X509["X509Certificate"]>,
    private readonly hours: number,
  ) {}

  static async create(x509: X509, name: string, hours: number): Promise<CertificateAuthority> {
    const keys = await generateKeys();
    const { BasicConstraintsExtension, KeyUsagesExtension, KeyUsageFlags } = x509;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      ...validity(hours),
      serialNumber: serialNumber(),
      name: [{ CN: [name] }],
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new CertificateAuthority(x509, keys, certificate, hours);
  }

  /** The CA certificate, PEM: what every sidecar of the run trusts, and nothing else. */
  get pem(): string {
    return this.certificate.toString("pem");
  }

  /** A workload certificate for `identity` (URI SAN) and `host` (DNS SAN), for server and client auth. */
  async issue(identity: string, host: string): Promise<Credential> {
    const { x509 } = this;
    const keys = await generateKeys();
    const { BasicConstraintsExtension, KeyUsagesExtension, KeyUsageFlags, ExtendedKeyUsage } = x509;
    const certificate = await x509.X509CertificateGenerator.create({
      ...validity(this.hours),
      serialNumber: serialNumber(),
      subject: [{ CN: [host] }],
      issuer: this.certificate.subject,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: "url", value: identity },
          { type: "dns", value: host },
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey),
      ],
    });
    const key = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
    return { cert: certificate.toString("pem"), key: pem("PRIVATE KEY", key) };
  }
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
}

function validity(hours: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + hours * 3_600_000) };
}

/** 16 random bytes, the first bit clear: a positive serial number, unique in practice. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function pem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
