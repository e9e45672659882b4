import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { roleMatrixMarkdown } from "./role-matrix.ts";

const README = path.resolve(import.meta.dirname, "../../../README.md");
const START =
  "<!-- role-matrix:start (generated from ROLE_DEFAULTS by packages/access/src/role-matrix.ts) -->";
const END = "<!-- role-matrix:end -->";

describe("the README's role and permission matrix", () => {
  it("is the one ROLE_DEFAULTS holds", () => {
    const text = readFileSync(README, "utf8");
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    expect(
      text.slice(start + START.length, end).trim(),
      "paste roleMatrixMarkdown() between the markers",
    ).toBe(roleMatrixMarkdown());
  });
});
