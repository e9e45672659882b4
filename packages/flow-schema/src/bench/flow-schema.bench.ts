/**
 * `npm run bench`: validation of a generated 2,001-node flow. Prints medians; not a test (machines differ).
 * Target: under 50 ms.
 */
import { clearValidationCaches } from "../catalog.ts";
import type { FlowDocument } from "../graph.ts";
import { migrate } from "../migrate.ts";
import { largeFlow } from "../testing/index.ts";
import { validateFlow } from "../validate.ts";

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const time = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const repeat = (runs: number, fn: (i: number) => number) =>
  median(Array.from({ length: runs }, (_, i) => fn(i)));
const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

const doc = largeFlow(200);
const expressions = JSON.stringify(doc).match(/\{\{/g)?.length ?? 0;
console.log(`flow: ${doc.nodes.length} nodes, ${doc.edges.length} edges, ${expressions} Liquid expressions`);

const cold = time(() => validateFlow(doc));
const problems = validateFlow(doc);
console.log(
  `problems found: ${problems.filter((p) => p.severity === "error").length} errors, ${problems.filter((p) => p.severity === "warning").length} warnings\n`,
);

const editOneNode = (i: number): FlowDocument => {
  const copy = structuredClone(doc);
  const say = copy.nodes.find((n) => n.kind === "say") as FlowDocument["nodes"][number];
  say.params = { ...say.params, text: { "en-US": `Edit ${i}: {{call.from}}` } };
  return copy;
};

console.log(`validateFlow, first call in the process (JIT cold):       ${ms(cold)}`);
console.log(
  `validateFlow, median, nothing remembered (caches cleared): ${ms(repeat(20, () => (clearValidationCaches(), time(() => validateFlow(doc)))))}`,
);
console.log(
  `validateFlow, median, after a one-node edit (the editor):  ${ms(
    repeat(30, (i) => {
      const copy = editOneNode(i);
      return time(() => validateFlow(copy));
    }),
  )}   target < 50 ms`,
);
console.log(
  `validateFlow, median, same document again:                 ${ms(repeat(30, () => time(() => validateFlow(doc))))}`,
);
console.log(
  `migrate, median (document already current):                ${ms(repeat(30, () => time(() => migrate(doc))))}`,
);
