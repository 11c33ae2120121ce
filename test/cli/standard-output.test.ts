import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitWhenWritten, standardOutput } from "../../src/io.js";

/** A stand-in for Node's stream: what it was given, in order. */
function fakeStream(): { stream: () => NodeJS.WriteStream; written: string[]; made: () => number } {
  const written: string[] = [];
  let made = 0;
  const stream = {
    isTTY: false,
    writableLength: 0,
    write(chunk: string | Buffer) {
      written.push(chunk.toString());
      return true;
    },
    on() {
      return stream;
    },
  };
  return {
    stream: () => {
      made += 1;
      return stream as unknown as NodeJS.WriteStream;
    },
    written,
    made: () => made,
  };
}

function fileDescriptor(): { fd: number; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), "lane7-output-")), "out.txt");
  return { fd: openSync(path, "w"), path };
}

afterEach(() => vi.restoreAllMocks());

describe("standardOutput", () => {
  it("writes a file descriptor directly, UTF-8 whole, without making Node's stream", () => {
    const { fd, path } = fileDescriptor();
    const fake = fakeStream();
    const output = standardOutput(fd, fake.stream);
    output.write("✓ 1 file valid\n");
    output.write("ünïcödé\n");
    closeSync(fd);
    expect(readFileSync(path, "utf8")).toBe("✓ 1 file valid\nünïcödé\n");
    expect(fake.made()).toBe(0);
    expect(output.isTTY).toBeUndefined();
  });

  it("goes on after a partial write until every byte is taken", () => {
    const { fd } = fileDescriptor();
    const taken: string[] = [];
    const output = standardOutput(fd, fakeStream().stream, (_fd, bytes, offset) => {
      const end = Math.min(bytes.length, offset + 3);
      taken.push(bytes.subarray(offset, end).toString("latin1"));
      return end - offset;
    });
    output.write("abcdefgh");
    expect(taken).toEqual(["abc", "def", "gh"]);
  });

  it("hands the rest to Node's stream when the descriptor is non-blocking, and keeps to it", () => {
    const { fd } = fileDescriptor();
    const fake = fakeStream();
    let calls = 0;
    const output = standardOutput(fd, fake.stream, (_fd, _bytes, offset) => {
      calls += 1;
      if (calls === 1) return "first".length;
      throw Object.assign(new Error("EAGAIN"), { code: "EAGAIN", offset });
    });
    output.write("first second");
    output.write(" third");
    expect(fake.written).toEqual([" second", " third"]);
    expect(fake.made()).toBe(1);
    expect(calls).toBe(2);
  });

  it("stops quietly, with the exit code so far, when the reader went away (EPIPE)", () => {
    const { fd } = fileDescriptor();
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const output = standardOutput(fd, fakeStream().stream, () => {
      throw Object.assign(new Error("EPIPE"), { code: "EPIPE" });
    });
    expect(() => output.write("text")).toThrow("exit 0");
    expect(exit).toHaveBeenCalledOnce();
  });

  it("rethrows any other write error", () => {
    const { fd } = fileDescriptor();
    const output = standardOutput(fd, fakeStream().stream, () => {
      throw Object.assign(new Error("EIO"), { code: "EIO" });
    });
    expect(() => output.write("text")).toThrow("EIO");
  });

  it("uses Node's stream for what is not a pipe, a socket or a file (a terminal)", () => {
    const fake = fakeStream();
    const output = standardOutput(-1, fake.stream);
    output.write("on a terminal");
    expect(fake.written).toEqual(["on a terminal"]);
    expect(output.isTTY).toBe(false);
  });
});

describe("exitWhenWritten", () => {
  it("exits at once when every output is written, and waits for a stream that still holds output", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const before = process.exitCode;
    try {
      exitWhenWritten(3);
      expect(exit).toHaveBeenLastCalledWith(3);
      const stream = { writableLength: 7, on: () => stream } as unknown as NodeJS.WriteStream;
      standardOutput(-1, () => stream);
      exit.mockClear();
      exitWhenWritten(1);
      expect(exit).not.toHaveBeenCalled();
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = before;
    }
  });
});
