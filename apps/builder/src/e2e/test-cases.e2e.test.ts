import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowDocument } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { mutate, query, startProduct, type Product } from "./product.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * Flows that test themselves, end to end in Chromium against the product as `npm start` runs it: a test call
 * saved as a test case, a change that breaks it (beside Test call, in the Tests panel, in Publish), publishing
 * anyway, then fixing it.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`test-cases e2e skipped: ${skipReason}`);

const shot = (page: Page, name: string) => {
  const { width, height } = page.viewportSize()!;
  return page.screenshot({ path: path.join(ARTIFACTS, `test-cases-${name}-${width}x${height}.png`) });
};

function frontDesk(): FlowDocument {
  const doc = buildFlow({
    name: "Front desk",
    nodes: {
      start: ["start", { accepts: ["inbound"] }],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "For sales press 1. For support press 2." } },
          options: [
            { id: "sales", label: "Sales", dtmf: "1" },
            { id: "support", label: "Support", dtmf: "2" },
          ],
        },
      ],
      sales: ["say", { text: { "en-US": "Connecting you to sales." } }],
      support: ["say", { text: { "en-US": "Support here." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "sales", "sales"],
      ["menu", "support", "support"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["sales", "next", "bye"],
      ["support", "next", "bye"],
    ],
  });
  const labels: Record<string, string> = {
    menu: "Main menu",
    sales: "Sales greeting",
    support: "Support greeting",
  };
  const places: Record<string, [number, number]> = {
    start: [0, 0],
    menu: [1, 0],
    sales: [2, 0],
    support: [2, 1],
    bye: [3, 0],
  };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({
      ...n,
      ...(labels[n.id] ? { label: labels[n.id] } : {}),
      position: { x: (places[n.id]?.[0] ?? 0) * 340, y: (places[n.id]?.[1] ?? 0) * 200 },
    })),
  };
}

describe.skipIf(skipReason !== null)("flows that test themselves", () => {
  let product: Product;
  let page: Page;
  beforeAll(async () => {
    product = await startProduct();
    page = await product.demoPage({ width: 1280, height: 720 });
  }, 240_000);
  afterAll(() => product?.close());

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const inspector = () => page.getByRole("complementary", { name: "Inspector" });
  const status = () => page.locator(".test-status");
  async function saved() {
    await expect
      .poll(
        () =>
          page
            .getByRole("status")
            .filter({ hasText: /^Saved / })
            .count(),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
  }
  async function setSalesText(text: string) {
    // Clicking a block that is already selected keeps the open panel: go back to the inspector first.
    const closeTests = page.getByRole("button", { name: "Close test cases" });
    if (await closeTests.count()) await closeTests.click();
    // Its left edge: at 1280x720 the right of the block is under the side panel.
    await node("sales").click({ position: { x: 24, y: 12 } });
    await inspector().getByLabel("Text", { exact: true }).fill(text);
    await saved();
  }

  it(
    "saves a test call as a case, shows the break a change makes, publishes anyway, then passes once fixed",
    { timeout: 240_000 },
    async () => {
      const { flow } = await mutate<{ flow: { id: string } }>(page, product.base, "flows.import", {
        content: frontDesk(),
        name: "Front desk",
      });
      await page.goto(`${product.base}/flows/${flow.id}`);
      await node("menu").waitFor();
      // No case yet: nothing beside Test call.
      expect(await status().count()).toBe(0);

      // A test call: the caller presses 1 and hears sales; then "Save as test case".
      await page.getByRole("button", { name: "Test call", exact: true }).click();
      const call = page.getByRole("complementary", { name: "Test call" });
      const said = call.getByRole("list", { name: "Transcript" });
      await call.getByRole("button", { name: "Start test call" }).click();
      await call.getByRole("button", { name: "Key 1" }).click();
      await expect.poll(() => said.getByText("Connecting you to sales.").isVisible()).toBe(true);
      await call.getByLabel("Test case name (optional)").fill("Caller picks sales");
      await call.getByRole("button", { name: "Save as test case" }).click();
      // The log writer is a moment behind the call's end; the API waits for it.
      await call
        .getByText("Saved as the test case “Caller picks sales”.", { exact: false })
        .or(call.getByRole("alert"))
        .waitFor({ timeout: 40_000 });
      expect(await call.getByRole("alert").allInnerTexts()).toEqual([]);
      await expect.poll(() => status().innerText()).toBe("1 of 1 test passes");
      await shot(page, "01-saved-from-test-call");
      const cases = await query<{ id: string; source: { kind: string }; inputs: unknown[] }[]>(
        page,
        product.base,
        "testCases.list",
        { flowId: flow.id },
      );
      expect(cases).toMatchObject([
        { source: { kind: "test-call" }, inputs: [{ input: { type: "digits", digits: "1" } }] },
      ]);
      await page.getByRole("button", { name: "Test call", exact: true }).click();

      // A change to the sales greeting breaks it: said quietly beside Test call after the save.
      await setSalesText("Sales is closed today.");
      await expect.poll(() => status().innerText(), { timeout: 15_000 }).toBe("1 of 1 test fails");
      await shot(page, "02-break-beside-test-call");
      await status().click();
      const panel = page.getByRole("complementary", { name: "Test cases" });
      await panel
        .getByText(
          "The caller now hears “Sales is closed today.”; they used to hear “Connecting you to sales.”.",
        )
        .waitFor();
      const row = panel.locator(".test-diff tr.changed");
      expect(await row.first().innerText()).toMatch(
        /Connecting you to sales\.[\s\S]*Sales is closed today\./,
      );
      await shot(page, "03-tests-panel");
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot(page, "03-tests-panel");

      // Publish shows the broken case side by side and asks for "Publish anyway".
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Publish" });
      await dialog.getByText("1 test case breaks with this draft", { exact: false }).waitFor();
      expect(await dialog.locator(".test-diff tr.changed").count()).toBeGreaterThan(0);
      await shot(page, "04-publish-shows-break");
      await page.setViewportSize({ width: 1280, height: 720 });
      await shot(page, "04-publish-shows-break");
      await dialog.getByLabel("What changed?").fill("Sales is closed today.");
      await dialog.getByRole("button", { name: "Publish anyway" }).click();
      await page.getByText("Version 1 is live.").waitFor();
      const v1 = await query<{ document: FlowDocument }>(page, product.base, "flows.version", {
        flowId: flow.id,
        number: 1,
      });
      expect(v1.document.tests?.map((c) => c.name)).toEqual(["Caller picks sales"]);

      // Fixed: the case passes again, and Publish has nothing to warn about.
      await setSalesText("Connecting you to sales.");
      await expect.poll(() => status().innerText(), { timeout: 15_000 }).toBe("1 of 1 test passes");
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await dialog.getByText("1 of 1 test passes.").waitFor();
      expect(await dialog.getByText("test case breaks", { exact: false }).count()).toBe(0);
      await shot(page, "05-fixed-publish");
      await dialog.getByLabel("What changed?").fill("Sales is open again.");
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByText("Version 2 is live.").waitFor();
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot(page, "06-fixed");
    },
  );
});
