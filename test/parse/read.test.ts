import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, readNetworkFile } from "../../src/parse/read.js";
import { LIMITS } from "../../src/spec/constants.js";
import { validate } from "../support/findings.js";

describe("readNetworkFile", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lane7-read-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string | Uint8Array): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  async function inputError(path: string): Promise<InputError> {
    const error: unknown = await readNetworkFile(path).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it("reads UTF-8 text, dropping a byte order mark", async () => {
    const path = await file("bom.yaml", "\uFEFFkind: Network # ü\n");
    await expect(readNetworkFile(path)).resolves.toBe("kind: Network # ü\n");
  });

  it("reads an empty file as empty text, which the schema then reports", async () => {
    const text = await readNetworkFile(await file("empty.yaml", ""));
    expect(text).toBe("");
    expect(validate(text).findings).toMatchObject([
      { rule: "schema", line: 1, column: 1, message: "the file is empty" },
    ]);
  });

  it("refuses a directory", async () => {
    const error = await inputError(dir);
    expect(error.file).toBe(dir);
    expect(error.message).toBe("is a directory, not a network file");
  });

  it("refuses a missing file", async () => {
    const path = join(dir, "missing.yaml");
    const error = await inputError(path);
    expect(error.file).toBe(path);
    expect(error.message).toBe("no such file");
  });

  it("refuses a file over the size limit without reading it as text", async () => {
    const path = await file("big.yaml", "#".repeat(5 * 1024 * 1024));
    const error = await inputError(path);
    expect(error.message).toBe("is 5.0 MiB; lane7 reads network files up to 4.0 MiB");
    // at the limit exactly is still fine
    await writeFile(path, "#".repeat(LIMITS.fileBytes));
    await expect(readNetworkFile(path)).resolves.toHaveLength(LIMITS.fileBytes);
  });

  it("refuses a binary file with NUL bytes", async () => {
    const error = await inputError(await file("nul.bin", new Uint8Array([0x6b, 0x3a, 0x00, 0x01, 0x0a])));
    expect(error.message).toMatch(/binary/);
  });

  it("refuses bytes that are not UTF-8", async () => {
    const error = await inputError(
      await file("latin1.yaml", new Uint8Array([0x6b, 0x3a, 0x20, 0xe9, 0xff, 0x0a])),
    );
    expect(error.message).toBe("is not UTF-8 text (a binary file?)");
  });
});
