/**
 * `npm run bench:tenant-code`: the worst a tenant's template or regex can cost one render or one test,
 * beside ordinary ones. Prints median and max over runs; not a test (machines differ).
 * Target: every hostile case well under 50 ms, since the engine blocks the event loop while it runs.
 */
import { compileTenantRegex } from "../tenant-regex.ts";
import {
  clearTemplateCache,
  parseTemplate,
  renderTemplate,
  templateProblem,
  type TemplateContext,
} from "../template.ts";
import {
  HOSTILE_REGEXES,
  HOSTILE_TEMPLATES,
  ORDINARY_CONTEXT,
  ORDINARY_REGEXES,
  ORDINARY_TEMPLATES,
} from "../testing/hostile-tenant-code.ts";

const RUNS = 15;
const context = ORDINARY_CONTEXT as unknown as TemplateContext;

function measure(run: () => string): { median: number; max: number; outcome: string } {
  const times: number[] = [];
  let outcome = "";
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    outcome = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)] as number, max: times[RUNS - 1] as number, outcome };
}

const outcomeOf = (run: () => unknown) => {
  try {
    const value = run();
    return typeof value === "string" ? `ok, ${value.length} chars` : `ok, ${String(value)}`;
  } catch (error) {
    return (error as Error).message.slice(0, 90);
  }
};

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;
const row = (group: string, name: string, r: ReturnType<typeof measure>) =>
  console.log(`${group.padEnd(9)} ${name.padEnd(34)} median ${ms(r.median)}  max ${ms(r.max)}  ${r.outcome}`);

console.log(
  `${RUNS} runs each; the render includes the parse, as the engine's first use of a template does.\n`,
);
for (const [group, templates] of [
  ["ordinary", ORDINARY_TEMPLATES],
  ["hostile", HOSTILE_TEMPLATES],
] as const) {
  for (const [name, source] of Object.entries(templates))
    row(
      group,
      `render: ${name}`,
      measure(() => outcomeOf(() => renderTemplate(parseTemplate(source), context))),
    );
}
console.log();
for (const [name, source] of Object.entries(HOSTILE_TEMPLATES))
  row(
    "hostile",
    `validate: ${name}`,
    measure(() => {
      clearTemplateCache();
      return templateProblem(source)?.code ?? "no problem";
    }),
  );
console.log();
for (const [group, regexes] of [
  ["ordinary", ORDINARY_REGEXES],
  ["hostile", HOSTILE_REGEXES],
] as const) {
  for (const [name, { pattern, subject }] of Object.entries(regexes)) {
    const compiled = compileTenantRegex(pattern);
    if (!compiled.ok) throw new Error(compiled.error);
    row(
      group,
      `regex: ${name}`,
      measure(() => outcomeOf(() => compiled.regex.test(subject))),
    );
  }
}
