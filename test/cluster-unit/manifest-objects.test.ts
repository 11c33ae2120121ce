import { describe, expect, it } from "vitest";
import { manifestObjects } from "../../src/cluster/manifest-objects.js";
import { UserError } from "../../src/exit-codes.js";
import { TOO_DEEP_FOR_THE_PARSER } from "../support/deep-yaml.js";

const WHERE = "shop/pod-1/01-namespace.yaml";

function refusal(text: string): unknown {
  try {
    manifestObjects(text, WHERE);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("manifestObjects", () => {
  it("reads each document of a manifest as an object, leaving out empty ones", () => {
    const text =
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";
    expect(manifestObjects(text, WHERE).map((object) => object.metadata.name)).toEqual(["a", "b"]);
  });

  it.each([
    ["malformed YAML", "a: [1\n", "not well-formed YAML"],
    [
      "an alias bomb",
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
      "aliases expand more than 100 times",
    ],
    ["nesting too deep for the parser's stack", TOO_DEEP_FOR_THE_PARSER, "its YAML nests too deep to read"],
  ])("refuses %s as the user's error, naming the file", (_, text, message) => {
    const error = refusal(text);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(new RegExp(`^${WHERE}: .*${message}`));
  });
});
