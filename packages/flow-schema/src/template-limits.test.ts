import { describe, expect, test } from "vitest";
import { parseTemplate, renderTemplate, templateProblem, type TemplateContext } from "./template.ts";
import { TemplateLimitError } from "./template-limits.ts";
import { buildFlow } from "./testing/build-flow.ts";
import { HOSTILE_TEMPLATES, ORDINARY_CONTEXT, ORDINARY_TEMPLATES } from "./testing/hostile-tenant-code.ts";
import { validateFlow } from "./validate.ts";

const context = ORDINARY_CONTEXT as unknown as TemplateContext;
const render = (source: string) => renderTemplate(parseTemplate(source), context);

describe("template limits", () => {
  test.each(Object.entries(HOSTILE_TEMPLATES))("%s stops with a limit error", (_, source) => {
    expect(() => render(source)).toThrow(TemplateLimitError);
    expect(() => render(source)).toThrow(/^This text does too much work: /);
  });

  test("ordinary templates render as before", () => {
    expect(render(ORDINARY_TEMPLATES["greeting with filters"] as string)).toBe(
      "Hello ADA, you have 3 messages.",
    );
    expect(render(ORDINARY_TEMPLATES["loop over a list"] as string)).toBe("1. billing 2. support 3. sales ");
    expect(render("{% capture c %}{{ vars.name }}!{% endcapture %}{{ c }}")).toBe("Ada!");
  });

  test("each limit is named in plain words", () => {
    const reason = (source: string) => templateProblem(source)?.message;
    expect(reason(HOSTILE_TEMPLATES["nested loops 100,000 x 100,000"] as string)).toBe(
      "This text does too much work: it takes more than 25 ms to fill in; make its loops smaller.",
    );
    expect(reason(HOSTILE_TEMPLATES["append doubling"] as string)).toBe(
      "This text does too much work: it builds more than 500,000 characters or list items.",
    );
    expect(reason(HOSTILE_TEMPLATES["source too long"] as string)).toBe(
      "This text does too much work: it is longer than 20,000 characters.",
    );
    expect(reason(HOSTILE_TEMPLATES["long output"] as string)).toBe(
      "This text does too much work: its result is longer than 100,000 characters.",
    );
  });

  test("a loop sized by call data passes validation (it is checked when it runs)", () => {
    expect(templateProblem("{% for i in (1..vars.n) %}{{ i }}{% endfor %}")).toBeNull();
  });

  test("tags that read the server's files are refused", () => {
    for (const tag of ["include 'package.json'", "render 'package.json'", "layout 'x'"]) {
      expect(templateProblem(`{% ${tag} %}`)).toEqual({
        code: "invalid-template",
        message: expect.stringMatching(
          /^This template is not valid Liquid: .*tag is not available in flow templates/,
        ),
      });
    }
  });

  test("validation reports a costly template on its node and path", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        hi: ["say", { text: { "en-US": HOSTILE_TEMPLATES["capture doubling"] as string } }],
      },
      edges: [["start", "inbound", "hi"]],
    });
    expect(validateFlow(doc)).toContainEqual({
      severity: "error",
      code: "template-too-costly",
      nodeId: "hi",
      path: ["params", "text", "en-US"],
      message: "This text does too much work: it builds more than 500,000 characters or list items.",
    });
  });
});
