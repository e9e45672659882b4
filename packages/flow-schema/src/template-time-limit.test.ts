import { describe, expect, test } from "vitest";
import { liquid, parseTemplate, renderTemplate, templateProblem, type TemplateContext } from "./template.ts";
import { RENDER_BACKSTOP_MS, TEMPLATE_LIMITS } from "./template-limits.ts";

const context = { call: {}, flow: {}, vars: {}, nodes: {}, error: null } as unknown as TemplateContext;
const render = (source: string) => renderTemplate(parseTemplate(source), context);

/**
 * Filters that take longer than the time limit: `stall` as a process the machine does not run for a while
 * (the thread waits, using no CPU), `work` as a costly text (the thread computes). Each does so for as many
 * renders as it is told to, then returns at once.
 */
const stalls = { left: 0, ms: TEMPLATE_LIMITS.renderMs * 2 };
const works = { left: 0 };
const blocked = new Int32Array(new SharedArrayBuffer(4));
liquid.registerFilter("stall", (value: unknown) => {
  if (stalls.left-- > 0) Atomics.wait(blocked, 0, 0, stalls.ms);
  return value;
});
liquid.registerFilter("work", (value: unknown) => {
  if (works.left-- > 0) {
    const until = performance.now() + TEMPLATE_LIMITS.renderMs * 2;
    while (performance.now() < until);
  }
  return value;
});

describe("the render time limit on a busy machine", () => {
  test("a cheap text the machine did not run for a moment renders, and its check is not remembered", () => {
    stalls.left = 1;
    expect(render("{{ 'a' | stall }}{{ 'b' }}")).toBe("ab");
    stalls.left = 1;
    expect(templateProblem("{{ 'c' | stall }}{% if true %}d{% endif %}")).toBeNull();
  });

  test("a cheap text the machine stalled on every try under the limit renders on the last, longer try", () => {
    stalls.left = 10;
    expect(render("{{ 'a' | stall }}{{ 'b' }}")).toBe("ab");
    stalls.left = 0;
  });

  test("a text stopped on every try, the last one too, is over the limit", () => {
    stalls.left = 10;
    stalls.ms = RENDER_BACKSTOP_MS + TEMPLATE_LIMITS.renderMs;
    expect(() => render("{{ 'a' | stall }}{{ 'b' }}")).toThrow(
      "This text does too much work: it takes more than 25 ms to fill in; make its loops smaller.",
    );
    stalls.left = 0;
    stalls.ms = TEMPLATE_LIMITS.renderMs * 2;
  });

  test("a text that used the time working is over the limit at once, without another try", () => {
    works.left = 1;
    expect(() => render("{{ 'a' | work }}{{ 'b' }}")).toThrow(/takes more than 25 ms/);
    expect(works.left).toBe(0);
  });
});
