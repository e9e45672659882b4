import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
/** axe-core's browser bundle, injected into the page under test (it runs there, on the real DOM). */
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Selectors of the offending elements, with axe's summary of each. */
  nodes: string[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now (WCAG 2.x A and
 * AA rules), optionally within one part of it. Returns them said briefly, so a failing test shows what is wrong.
 */
export async function seriousViolations(page: Page, within?: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's Content Security Policy does not govern.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (context) => {
    type Result = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<Result> } }).axe;
    const result = await axe.run(context ?? document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
    }));
  }, within ?? null);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Said as text for an assertion message. */
export const describeViolations = (screen: string, violations: AxeViolation[]) =>
  `${screen}:\n${violations.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n  ${v.nodes.join("\n  ")}`).join("\n")}`;
