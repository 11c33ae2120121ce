import { describe, expect, it } from "vitest";
import { renderReadme } from "../../../src/render/readme/readme.js";
import { openMtlsExamples } from "../../support/findings.js";
import { modelFromText, OPTIONS } from "../../support/models.js";

/** What the open-mtls profile does not have: no sentence of its README may claim or ask for it. */
const NOT_IN_THE_PROFILE =
  /wosp|hopr|amtd|chips|xtra[47]|armored|licen[cs]e|web retriever|--credentials|credential/i;

function readmeOf(file: string, text: string): string {
  return renderReadme(modelFromText(file, text), OPTIONS).content;
}

/** The words of `markdown`, one space between each: a sentence whichever line breaks fill its paragraph. */
function prose(markdown: string): string {
  return markdown.replace(/\s+/g, " ");
}

/** The section of `markdown` under `heading`, down to the next heading of its level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf("\n## ", start + heading.length);
  return markdown.slice(start, next === -1 ? undefined : next);
}

describe.each(openMtlsExamples())("README of $file (open-mtls)", ({ file, text }) => {
  const readme = readmeOf(file, text);

  it("claims nothing of the wosp profile and has no Credentials section", () => {
    const found = readme.split("\n").filter((line) => NOT_IN_THE_PROFILE.test(line));
    expect(found).toEqual([]);
    expect(readme).not.toContain("## Credentials");
  });

  it("describes the mutual TLS, the identities, the certificates' lifetime and their CA", () => {
    const name = modelFromText(file, text).name;
    expect(prose(readme)).toContain(
      "secured by mutual TLS between their sidecars (the open-mtls security profile)",
    );
    const details = section(readme, "## Network Details");
    expect(details).toContain(
      `| Workload identity | one certificate per pod, its URI SAN \`spiffe://cluster.local/lane7/${name}/<pod id>\` |`,
    );
    expect(details).toContain(
      "| Certificate lifetime | 24 h, renewed by cert-manager 8 h before it expires; Envoy picks up the renewed certificate without a restart |",
    );
    expect(details).toContain(
      `| Certificate authority | the ClusterIssuer \`${name}-lane7-ca\`, its CA Secret \`${name}-lane7-ca\` in the namespace \`cert-manager\` |`,
    );
    const posture = prose(section(readme, "## Security posture"));
    expect(posture).toContain("authenticate each other by mutual TLS");
    expect(posture).toContain(
      "an RBAC filter on the identity in it (its URI SAN) admits exactly the pods under *Admits from*",
    );
    expect(posture).toContain("carries exactly the target pod's identity");
    expect(posture).toContain(
      `An identity is only as safe as the CA ClusterIssuer \`${name}-lane7-ca\`: whoever may create a cert-manager Certificate naming it`,
    );
  });

  it("names cert-manager as the prerequisite, how to install it, and what deploy applies first", () => {
    const deploy = section(readme, "## Deploy");
    expect(deploy).toContain("1. **cert-manager.**");
    expect(deploy).toContain("`kubectl apply -f cert-manager.yaml`");
    expect(deploy).toContain("(`certificates.cert-manager.io`, `clusterissuers.cert-manager.io`)");
    expect(deploy).toContain(
      "Before any pod it applies `certificate-authority.yaml`: a self-signed ClusterIssuer",
    );
    expect(deploy).toMatch(/\*\*Deploy\.\*\* `certificate-authority\.yaml` first, then namespaces/);
    expect(deploy).not.toMatch(/https?:\/\//);
    expect(section(readme, "## Tear down")).toContain("then the network's certificate authority");
  });
});

describe("README of a network in the open-mtls profile", () => {
  const [example] = openMtlsExamples();
  const withSecurity = (settings: string) =>
    readmeOf(
      "network.yaml",
      (example?.text ?? "").replace("    profile: open-mtls\n", `    profile: open-mtls\n${settings}`),
    );

  it("gives the lifetime and renewal of the certificates the network file asks for", () => {
    expect(withSecurity("    certificateHours: 25\n")).toContain(
      "| Certificate lifetime | 25 h, renewed by cert-manager 8 h 20 min before it expires;",
    );
    expect(withSecurity("    certificateHours: 1\n")).toContain(
      "| 1 h, renewed by cert-manager 20 min before it expires;",
    );
  });

  it("says the secrets files hold no secret value, or the registry credential when composed with one", () => {
    const text = example?.text ?? "";
    const model = modelFromText("network.yaml", text);
    expect(renderReadme(model, OPTIONS).content).toContain(
      "Certificate and no secret value: cert-manager makes",
    );
    const imagePullSecret = { name: "regcred", dockerConfigJson: '{"auths": {}}' };
    const withPull = renderReadme(model, { ...OPTIONS, imagePullSecret }).content;
    expect(withPull).toContain("Certificate and the\n   image pull Secret, a registry credential");
    expect(withPull).not.toContain("no secret value");
  });

  it("keeps the CA in the cert-manager namespace the network file names", () => {
    const readme = withSecurity("    certManagerNamespace: certs\n");
    expect(readme).toContain("its CA Secret `agentic-ai-lane7-ca` in the namespace `certs` |");
    expect(readme).toContain("and its Secret in `certs`. It is safe to run again.");
  });
});
