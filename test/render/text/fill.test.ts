import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fillParagraphs } from "../../../src/render/text/fill.js";

describe("fillParagraphs", () => {
  it("fills a paragraph wrapped unevenly (a short line, then a long one) to the width", () => {
    const text = "one two three\nfour five six seven eight nine ten eleven\ntwelve\n";
    expect(fillParagraphs(text, 20)).toBe(
      "one two three four\nfive six seven eight\nnine ten eleven\ntwelve\n",
    );
  });

  it("leaves headings, tables, lists, quotes, HTML, rules and fenced code as they are", () => {
    const kept = [
      "# A heading that is long, longer than the width",
      "",
      "| a table | row that is long |",
      "|---|---|",
      "",
      "- a list item that is long, longer than the width",
      "  its continuation, indented",
      "1. a numbered item that is long, longer than the width",
      "> a quote that is long, longer than the width",
      "<details>",
      "***",
      "",
      "```bash",
      "a command that is long, longer than the width",
      "```",
      "",
    ].join("\n");
    expect(fillParagraphs(kept, 20)).toBe(kept);
  });

  it("ends a paragraph at whatever is not prose, and keeps a line with a hard break", () => {
    expect(fillParagraphs("a b\nc d\n- item\ne f\ng  \nh i\n", 80)).toBe("a b c d\n- item\ne f\ng  \nh i\n");
  });

  it("gives a word longer than the width a line of its own", () => {
    expect(fillParagraphs("a `a-very-long-name` b\n", 6)).toBe("a\n`a-very-long-name`\nb\n");
  });

  it("never opens a line with a word that would make it a list item, heading, quote or table row", () => {
    expect(fillParagraphs("aaa - bbb\nccc # ddd\neee 12. fff\n", 3)).toBe(
      "aaa -\nbbb\nccc #\nddd\neee 12.\nfff\n",
    );
  });

  it("keeps every word of every paragraph, in order, within the width where words allow", () => {
    const word = fc.stringMatching(/^[a-z][a-z`.,()]{0,11}$/);
    const paragraph = fc.array(fc.array(word, { minLength: 1, maxLength: 8 }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 10, max: 100 }),
        (paragraphs, width) => {
          const text = `${paragraphs.map((lines) => lines.map((words) => words.join(" ")).join("\n")).join("\n\n")}\n`;
          const filled = fillParagraphs(text, width);
          const words = (markdown: string) =>
            markdown.split("\n\n").map((block) => block.split(/\s+/).filter(Boolean));
          expect(words(filled)).toEqual(words(text));
          for (const line of filled.split("\n")) {
            if (line.includes(" ")) expect(line.length).toBeLessThanOrEqual(width);
          }
          expect(fillParagraphs(filled, width)).toBe(filled);
        },
      ),
    );
  });
});
