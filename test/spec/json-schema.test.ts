import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { networkJsonSchema } from "../../src/spec/json-schema.js";
import { ROOT, runCli } from "../support/cli.js";

const committed = join(ROOT, "schemas/network.schema.json");

describe("the network JSON Schema", () => {
  it("is what `lane7 schema` prints, and the committed copy is current (regenerate: npm run schemas)", () => {
    const run = runCli(["schema"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.stringify(networkJsonSchema(), null, 2)}\n`);
    expect(readFileSync(committed, "utf8")).toBe(run.stdout);
  });

  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(networkJsonSchema());

  it.each(readdirSync(join(ROOT, "examples")).filter((name) => name.endsWith(".yaml")))(
    "accepts examples/%s",
    (name) => {
      expect(validate(parse(readFileSync(join(ROOT, "examples", name), "utf8")))).toBe(true);
    },
  );

  it("rejects an unknown key and a bad enum, as editors will show them", () => {
    const network = parse(readFileSync(join(ROOT, "examples/bi-pod.yaml"), "utf8")) as {
      spec: { pods: Record<string, unknown>[] };
    };
    const pod = network.spec.pods[0] ?? {};
    expect(validate({ ...network, spec: { ...network.spec, pods: [{ ...pod, protocl: "http" }] } })).toBe(
      false,
    );
    expect(validate({ ...network, spec: { ...network.spec, pods: [{ ...pod, role: "gateway" }] } })).toBe(
      false,
    );
  });
});
