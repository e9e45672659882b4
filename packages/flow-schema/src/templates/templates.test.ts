import { describe, expect, it } from "vitest";
import { validateFlow } from "../validate.ts";
import { flowTemplates } from "./index.ts";

describe("flow templates", () => {
  for (const [id, template] of Object.entries(flowTemplates)) {
    it(`${id} validates with no errors and no unconnected ports`, () => {
      const problems = validateFlow(template.build());
      expect(problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});
