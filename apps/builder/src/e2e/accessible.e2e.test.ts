import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { describeViolations, seriousViolations } from "./axe.ts";
import { DEMO_LOGIN, mutate, screenshot, startProduct, type Product } from "./product.ts";
import { CHROMIUM, hasChromium } from "./stack.ts";

/**
 * Every main screen passes axe-core's WCAG A/AA rules without a serious or critical violation, and what the
 * mouse does on the canvas the keyboard does too.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`accessible e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("accessible to everyone", () => {
  let product: Product;
  let page: Page;
  let flowId = "";
  // The demo workspace outlives a run: this run's flow and call are told apart by a name of their own.
  const name = `Accessible ${randomBytes(3).toString("hex")}`;
  const caller = `+1415555${String(1000 + Math.floor(Math.random() * 8999))}`;
  const db = createDb(process.env.DATABASE_URL ?? "postgresql://unset", { max: 2 });

  beforeAll(async () => {
    product = await startProduct();
    page = await product.demoPage({ width: 1280, height: 720 });
    const doc = buildFlow({
      name,
      nodes: {
        start: ["start"],
        menu: ["menu"],
        sales: ["say", { text: { "en-US": "Sales." } }],
        support: ["say", { text: { "en-US": "Support." } }],
      },
      edges: [
        ["start", "inbound", "menu"],
        ["menu", "sales", "sales"],
      ],
    });
    const at = { start: [0, 0], menu: [340, 0], sales: [720, -120], support: [720, 140] } as const;
    for (const n of doc.nodes)
      n.position = { x: at[n.id as keyof typeof at][0], y: at[n.id as keyof typeof at][1] };
    const { flow } = await mutate<{ flow: { id: string } }>(page, product.base, "flows.import", {
      content: doc,
      name,
    });
    flowId = flow.id;
    await mutate(page, product.base, "flows.publish", { flowId, changelog: "First." });
    const draft = await page.request.get(
      `${product.base}/trpc/flows.get?input=${encodeURIComponent(JSON.stringify({ flowId }))}`,
    );
    const { draftRevision } = ((await draft.json()) as { result: { data: { draftRevision: number } } }).result
      .data;
    doc.nodes.find((n) => n.id === "sales")!.params = { text: { "en-US": "Sales, hello." } };
    await mutate(page, product.base, "flows.saveDraft", { flowId, revision: draftRevision, document: doc });
    await mutate(page, product.base, "flows.publish", { flowId, changelog: "Friendlier." });
    // A call of the demo workspace for the Calls page and its detail.
    const tenant = await db.tenant.findFirstOrThrow({
      where: { memberships: { some: { user: { email: DEMO_LOGIN.email } } } },
    });
    await db.call.create({
      data: {
        tenantId: tenant.id,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: caller,
        toNumber: "+15005550006",
        flowId,
        status: "COMPLETED",
        outcome: "completed",
        endedAt: new Date(),
      },
    });
  }, 240_000);
  afterAll(async () => {
    await product?.close();
    await db.$disconnect();
  });

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  // Every screen is checked before anything fails, so one run lists all that is wrong.
  const checked: string[] = [];
  const failures: string[] = [];
  async function check(screen: string, on: Page = page) {
    const found = await seriousViolations(on);
    if (found.length) failures.push(describeViolations(screen, found));
    checked.push(screen);
  }

  it("has no serious or critical violation on sign-in, flows, editor panels, numbers, providers, calls and call detail", async () => {
    const anonymous = await product.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const signIn = await anonymous.newPage();
    await signIn.goto(product.base);
    await signIn.getByLabel("Email").waitFor();
    await check("sign-in", signIn);
    await anonymous.close();

    await page.goto(product.base);
    await page.getByRole("link", { name }).waitFor();
    await check("flows");
    await page.getByRole("link", { name }).click();
    await node("menu").click();
    await page.getByRole("complementary", { name: "Inspector" }).waitFor();
    await check("editor with inspector");
    for (const [button, panel] of [
      ["Test call", "Test call"],
      ["History", "Version history"],
      ["Numbers", "Phone numbers"],
    ] as const) {
      await page.locator(".editor-actions").getByRole("button", { name: button, exact: true }).click();
      await page.getByRole("complementary", { name: panel }).waitFor();
      await check(`editor with ${panel}`);
      if (panel === "Version history") {
        const history = page.getByRole("complementary", { name: "Version history" });
        await history.locator('[data-version="2"]').getByRole("button", { name: "What changed" }).click();
        await page.getByRole("complementary", { name: "Changes from version 1 to version 2" }).waitFor();
        await check("editor with a diff open");
        await page.getByRole("button", { name: "Back to editing" }).click();
      }
    }
    for (const [where, heading] of [
      ["/providers", "Providers"],
      ["/calls", "Calls"],
    ] as const) {
      await page.goto(`${product.base}${where}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await check(heading);
    }
    await page.getByRole("row").filter({ hasText: caller }).getByRole("link").first().click();
    await page.locator(".timeline").waitFor({ state: "attached" });
    await check("call detail");
    expect(failures.join("\n"), "serious or critical violations").toBe("");
    expect(checked).toHaveLength(10);
  }, 120_000);

  it("names every connection handle, and connects, selects and deletes from the keyboard", async () => {
    await page.goto(`${product.base}/flows/${flowId}`);
    await node("menu").waitFor();
    // Each handle says which exit of which block it is.
    expect(
      await node("menu").locator('.react-flow__handle[data-handleid="support"]').getAttribute("aria-label"),
    ).toBe("Connect “Support” of Menu");
    expect(await node("support").locator(".in-handle").getAttribute("aria-label")).toBe("Connect into Say");
    // A block is reached with Tab and chosen with Enter; its exit is connected from the inspector's list.
    await node("support").focus();
    await page.keyboard.press("Enter");
    await page
      .getByRole("complementary", { name: "Inspector" })
      .getByRole("heading", { name: "Say" })
      .waitFor();
    await node("menu").focus();
    await page.keyboard.press("Enter");
    const exit = page
      .getByRole("complementary", { name: "Inspector" })
      .getByRole("combobox", { name: /^Support/ });
    await exit.focus();
    await exit.selectOption("support");
    await expect.poll(() => page.locator('.react-flow__edge[data-id="menu.support"]').count()).toBe(1);
    // Delete from the keyboard, and Ctrl+Z brings the block back with its connection.
    await node("support").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await expect.poll(() => node("support").count()).toBe(0);
    await page.keyboard.press("Control+z");
    await node("support").waitFor();
    await expect.poll(() => page.locator('.react-flow__edge[data-id="menu.support"]').count()).toBe(1);
    await screenshot(page, "keyboard-connected-1280x720");
  });
});
