import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio } from "@ringflow/api/testing/fake-twilio";
import type { FlowDocument } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createScratchDatabase } from "@ringflow/db/testing";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { mutate, query, screenshot, startProduct, type Product } from "./product.ts";
import { CHROMIUM, hasChromium } from "./stack.ts";
import { TwilioCallDriver } from "./twilio-driver.ts";

/**
 * A real call (Twilio's webhooks, signed, driven like a phone call) seen from the Calls page: its flow link
 * opens the very version it ran, and the call saved as a test case shows up in the flow's test cases, passing.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`real-call e2e skipped: ${skipReason}`);

// Provider accounts are unique across the deployment: each run has its own made-up Twilio account.
const TWILIO_SID = `AC${randomBytes(16).toString("hex")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");
const NUMBER = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
const CALLER = `+1555777${String(Math.floor(Math.random() * 9000) + 1000)}`;

function salesLine(salesText: string): FlowDocument {
  const doc = buildFlow({
    name: "Sales line",
    nodes: {
      start: ["start", { accepts: ["inbound"] }],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "For sales press 1." } },
          options: [{ id: "sales", label: "Sales", dtmf: "1" }],
        },
      ],
      sales: ["say", { text: { "en-US": salesText } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "sales", "sales"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["sales", "next", "bye"],
    ],
  });
  const columns: Record<string, number> = { start: 0, menu: 1, sales: 2, bye: 3 };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({
      ...n,
      ...(n.id === "sales" ? { label: "Sales greeting" } : {}),
      position: { x: (columns[n.id] ?? 0) * 300, y: 0 },
    })),
  };
}

describe.skipIf(skipReason !== null)("a real call, from the Calls page back to its flow", () => {
  let product: Product;
  let page: Page;
  let closeTwilio: () => Promise<void> = async () => {};
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let flowId = "";

  beforeAll(async () => {
    const fake = await startFakeTwilio({
      sid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [{ sid: `PN${randomBytes(16).toString("hex")}`, phoneNumber: NUMBER, friendlyName: "Sales" }],
    });
    closeTwilio = () => fake.close();
    // The demo workspace of a deployment of its own: the Twilio account and number added here must not show
    // in the demo other browser tests check (offline, no carrier) while they run beside this one.
    scratch = await createScratchDatabase("real_call_e2e");
    await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
    product = await startProduct({
      DATABASE_URL: scratch.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? ""}real-call-${randomBytes(3).toString("hex")}:`,
      TWILIO_API_BASE_URL: fake.url,
    });
    page = await product.demoPage({ width: 1280, height: 720 });
    const call = <T = unknown>(procedure: string, input: unknown) =>
      mutate<T>(page, product.base, procedure, input);

    // Version 1 answers the number.
    const provider = await call<{ id: string }>("providers.create", {
      kind: "TWILIO",
      name: "Sales Twilio",
      twilio: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
    });
    await call("numbers.importFromProvider", { providerAccountId: provider.id, e164s: [NUMBER] });
    const { flow } = await call<{ flow: { id: string } }>("flows.import", {
      content: salesLine("Connecting you to sales."),
      name: `Sales line ${randomBytes(2).toString("hex")}`,
    });
    flowId = flow.id;
    await call("flows.publish", { flowId, changelog: "Sales line", publishAnyway: true });
    const numbers = await query<{ id: string; e164: string }[]>(
      page,
      product.base,
      "numbers.list",
      undefined,
    );
    await call("numbers.bind", { phoneNumberId: numbers.find((n) => n.e164 === NUMBER)!.id, flowId });

    // A caller rings and presses 1 for sales.
    const answers = await new TwilioCallDriver(product.runtimeBase, TWILIO_TOKEN).call({
      accountSid: TWILIO_SID,
      callSid: `CA${randomBytes(16).toString("hex")}`,
      from: CALLER,
      to: NUMBER,
      digits: ["1"],
      seconds: 9,
    });
    expect(answers.at(-1)).toContain("Connecting you to sales.");
  }, 300_000);
  afterAll(async () => {
    await product?.close();
    await closeTwilio();
    await scratch?.drop();
  });

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const callRow = () => page.getByRole("row").filter({ hasText: CALLER });

  async function openCallDetail() {
    await page.goto(`${product.base}/calls`);
    await callRow().waitFor({ timeout: 20_000 });
    await callRow().getByRole("link").first().click();
    await page.getByRole("list", { name: "Call timeline" }).waitFor();
  }

  it("saves the real call as a test case from its page: it is in the flow's test cases and passes", async () => {
    await openCallDetail();
    const keep = page.getByRole("region", { name: "Test case" });
    await keep.getByLabel("Test case name (optional)").fill("A caller picks sales");
    await keep.getByRole("button", { name: "Save as test case" }).click();
    // The log writer may be a moment behind the call's end; the API waits for it.
    await keep
      .getByText("Saved as the test case “A caller picks sales”.", { exact: false })
      .or(keep.getByRole("alert"))
      .waitFor({ timeout: 40_000 });
    expect(await keep.getByRole("alert").allInnerTexts()).toEqual([]);
    await screenshot(page, "real-call-saved-as-test-case-1280x720");

    await page.goto(`${product.base}/flows/${flowId}`);
    await node("menu").waitFor();
    const status = page.locator(".test-status");
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toBe("1 of 1 test passes");
    await status.click();
    const panel = page.getByRole("complementary", { name: "Test cases" });
    const item = panel.locator(".test-case").filter({ hasText: "A caller picks sales" });
    await expect.poll(() => item.innerText()).toContain("Passes");
    expect(await item.innerText()).toContain("Made from a real call · 1 caller action");
    await screenshot(page, "real-call-test-case-passes-1280x720");
  });

  it("the call's flow link opens the version it ran, not the draft or a newer version", async () => {
    // The flow moves on: version 2 says something else, and the draft something else again.
    const draftOf = () =>
      query<{ draftRevision: number }>(page, product.base, "flows.get", { flowId }).then(
        (f) => f.draftRevision,
      );
    const save = async (text: string) =>
      mutate(page, product.base, "flows.saveDraft", {
        flowId,
        revision: await draftOf(),
        document: salesLine(text),
      });
    await save("Sales moved upstairs.");
    await mutate(page, product.base, "flows.publish", { flowId, changelog: "Moved", publishAnyway: true });
    await save("Sales is closed today.");

    await page.goto(`${product.base}/calls`);
    await callRow().waitFor({ timeout: 20_000 });
    expect(await callRow().innerText()).toContain("version 1");
    await openCallDetail();
    const link = page.getByRole("link", { name: /^Flow “Sales line [0-9a-f]+”, version 1$/ });
    expect(await link.getAttribute("href")).toBe(`/flows/${flowId}?version=1`);
    await link.click();

    // Version 1 as it was published, read-only, with History open on it.
    await page.getByRole("status").filter({ hasText: "Showing version 1 as it was published" }).waitFor();
    await expect.poll(() => node("sales").innerText()).toContain("Connecting you to sales.");
    const history = page.getByRole("complementary", { name: "Version history" });
    expect(await history.locator('li[data-version="1"]').innerText()).toContain("On the canvas");
    await node("sales").click({ position: { x: 24, y: 12 } });
    expect(await page.getByRole("button", { name: "Delete selection" }).isDisabled()).toBe(true);
    await screenshot(page, "real-call-opens-version-1-1280x720");
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, "real-call-opens-version-1-1440x900");

    // From History, another version; then back to the draft, which nothing above changed.
    await history
      .locator('li[data-version="2"]')
      .getByRole("button", { name: "Look at this version" })
      .click();
    await expect.poll(() => node("sales").innerText()).toContain("Sales moved upstairs.");
    await page.getByRole("button", { name: "Back to the draft" }).click();
    await expect.poll(() => node("sales").innerText()).toContain("Sales is closed today.");
    expect(new URL(page.url()).search).toBe("");
    await node("sales").click({ position: { x: 24, y: 12 } });
    expect(await page.getByRole("button", { name: "Delete selection" }).isDisabled()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});
