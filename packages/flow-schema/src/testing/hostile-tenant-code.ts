/**
 * Tenant text written to stall the runtime, for the limit tests and `npm run bench:tenant-code`.
 * Each is over a limit whatever the call's data, so validation must refuse it too.
 */
export const HOSTILE_TEMPLATES: Record<string, string> = {
  "nested loops 100,000 x 100,000":
    "{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}",
  "seven nested loops of 9": `${"{% for i in (1..9) %}".repeat(7)}${"x".repeat(80)}${"{% endfor %}".repeat(7)}`,
  "append doubling":
    '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
  "capture doubling":
    '{% assign s = "xx" %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}',
  "replace growth":
    '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | replace: "x", "xx" %}{% endfor %}{{ s | size }}',
  "huge range joined": "{{ (1..100000000) | join: 'xx' }}",
  "date padding": "{{ 'now' | date: '%900000000d' }}",
  "sort of 400,000": '{{ (1..400000) | sort | join: "," | size }}',
  "long output": `{% for i in (1..5000) %}${"x".repeat(100)}{% endfor %}`,
  "source too long": `{{ call.from }}${"x".repeat(25_000)}`,
};

/** Templates a flow really uses: they must render exactly as before. */
export const ORDINARY_TEMPLATES: Record<string, string> = {
  "greeting with filters": "Hello {{ vars.name | upcase }}, you have {{ vars.count | plus: 1 }} messages.",
  "loop over a list": "{% for item in vars.items %}{{ forloop.index }}. {{ item }} {% endfor %}",
};

export const ORDINARY_CONTEXT = {
  call: { from: "+14155550100" },
  flow: {},
  vars: { name: "Ada", count: 2, items: ["billing", "support", "sales"] },
  nodes: {},
  error: null,
};

/** Patterns that backtrack exponentially in a backtracking engine, with a subject that triggers it. */
export const HOSTILE_REGEXES: Record<string, { pattern: string; subject: string }> = {
  "(a+)+$": { pattern: "(a+)+$", subject: `${"a".repeat(37)}!` },
  "(a|aa)+$": { pattern: "(a|aa)+$", subject: `${"a".repeat(40)}!` },
  "(.*a){12}": { pattern: "(.*a){12}", subject: "a".repeat(40) },
  "^(\\d+)*$ on 10,000 digits": { pattern: "^(\\d+)*$", subject: `${"1".repeat(10_000)}x` },
};

export const ORDINARY_REGEXES: Record<string, { pattern: string; subject: string }> = {
  "zip code ^\\d{5}$": { pattern: "^\\d{5}$", subject: "94107" },
  "account ^[1-9]\\d{5}$": { pattern: "^[1-9]\\d{5}$", subject: "123456" },
};
