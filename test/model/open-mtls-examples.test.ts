import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import { openMtlsExamples, validate } from "../support/findings.js";

describe("every example in the open-mtls profile", () => {
  it.each(openMtlsExamples())("$file validates and resolves to the open-mtls profile", ({ file, text }) => {
    const result = validate(text, file);
    expect(result.findings).toEqual([]);
    if (!result.ok) return;
    expect(resolve(result.network).security.profile).toBe("open-mtls");
  });
});
