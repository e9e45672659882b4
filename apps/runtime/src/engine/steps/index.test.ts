import { nodeKinds, type NodeKind } from "@ringflow/flow-schema";
import { expect, test } from "vitest";
import { steps } from "./index.ts";
import { startStep } from "./start.ts";
import type { StepDefinition } from "./types.ts";

test("every kind of the catalog has a step, and nothing else does", () => {
  expect(Object.keys(steps).sort()).toEqual([...nodeKinds].sort());
});

test("a table missing a kind does not compile (checked by tsc, which runs on test files too)", () => {
  // @ts-expect-error -- "say" and the other kinds have no step here
  const incomplete: { [K in NodeKind]: StepDefinition<K> } = { start: startStep };
  expect(Object.keys(incomplete)).toEqual(["start"]);
});
