import { describe, expect, test } from "vitest";
import { findTemplates, liquid, templateReferences } from "./template.ts";

describe("templateReferences", () => {
  test("finds the global paths a template reads, skipping filters, keywords, literals and locals", () => {
    const source =
      '{{ nodes.menu.digits | default: "x" }} {% for a in vars.list %}{{ a.b }}{{ forloop.index }}{% endfor %}' +
      '{% if call.from == "1" and vars.x contains "y" %}{{ nodes["main"].speech | date: "%Y", tz: flow.name }}{% endif %}' +
      "{% assign z = vars.q | plus: 1 %}{{ z }}{% capture c %}{{ error.message }}{% endcapture %}{{ c }}{% raw %}{{ ignored.path }}{% endraw %}";
    expect(templateReferences(source)).toEqual([
      ["nodes", "menu", "digits"],
      ["vars", "list"],
      ["call", "from"],
      ["vars", "x"],
      ["nodes", "main", "speech"],
      ["flow", "name"],
      ["vars", "q"],
      ["error", "message"],
    ]);
  });

  test("agrees with liquidjs's own analysis on the paths it reports", () => {
    const sources = [
      "Hi {{ vars.name | upcase }} from {{call.from}}",
      "{% if nodes.a.b > 2 %}{{ nodes.a.c[0] }}{% else %}{{ vars.d.e }}{% endif %}",
      "plain text",
    ];
    for (const source of sources) {
      const ours = templateReferences(source).map((s) => s.join("."));
      const theirs = liquid.globalVariableSegmentsSync(source).map((s) => s.join("."));
      expect(new Set(ours)).toEqual(new Set(theirs));
    }
  });

  test("findTemplates lists only strings with Liquid, with their paths", () => {
    expect(findTemplates({ a: "plain", b: ["{{ vars.x }}", { c: "{% if call.to %}y{% endif %}" }] })).toEqual(
      [
        { path: ["b", 0], source: "{{ vars.x }}" },
        { path: ["b", 1, "c"], source: "{% if call.to %}y{% endif %}" },
      ],
    );
  });
});
