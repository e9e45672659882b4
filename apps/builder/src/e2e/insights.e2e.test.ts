import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson, type Db } from "@ringflow/db";
import type { FlowDocument, QueueEvent } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { mutate, query, type Product } from "./product.ts";
import { startScratchProduct } from "./scratch-product.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * Insights on the canvas and the Reports page, end to end in Chromium against the product as `npm start` runs
 * it (the jobs process rolls up what the calls left): a known day of calls, the drop-off said in words on the
 * canvas, the reports' charts, tables and a CSV.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`insights e2e skipped: ${skipReason}`);

const shot = async (page: Page, name: string) => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await page.screenshot({
      path: path.join(ARTIFACTS, `insights-${name}-${viewport.width}x${viewport.height}.png`),
    });
  }
};

/** 102 words: about 41 seconds spoken. */
const LONG_PROMPT = Array.from(
  { length: 17 },
  () => "For billing questions about your last invoice press one",
)
  .join(" ")
  .split(" ")
  .slice(0, 102)
  .join(" ");

function billingFlow(): FlowDocument {
  const doc = buildFlow({
    name: "Billing line",
    nodes: {
      start: ["start", { accepts: ["inbound"] }],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": LONG_PROMPT } },
          options: [{ id: "pay", label: "Pay", dtmf: "1" }],
        },
      ],
      pay: ["say", { text: { "en-US": "Thank you." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "pay", "pay"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["pay", "next", "bye"],
    ],
  });
  const labels: Record<string, string> = { menu: "Billing menu", pay: "Payment" };
  return {
    ...doc,
    nodes: doc.nodes.map((n, i) => ({
      ...n,
      ...(labels[n.id] ? { label: labels[n.id] } : {}),
      position: { x: i * 340, y: 120 },
    })),
  };
}

describe.skipIf(skipReason !== null)("insights and reports", () => {
  let product: Product;
  let page: Page;
  let db: Db;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // The rollup job counts the whole deployment: a database and key space of its own keep the other
    // packages' tests (running at the same time in a full run) out of this product's minute.
    ({ product, page, db, close } = await startScratchProduct("insights"));
  }, 240_000);
  afterAll(() => close?.());

  it(
    "shows where callers drop off on the canvas and the contact center's numbers in Reports",
    { timeout: 300_000 },
    async () => {
      const { flow } = await mutate<{ flow: { id: string } }>(page, product.base, "flows.import", {
        content: billingFlow(),
        name: `Billing line ${randomBytes(3).toString("hex")}`,
      });
      await mutate(page, product.base, "flows.publish", { flowId: flow.id, changelog: "first" });
      const me = await query<{ activeTenant: { id: string } }>(page, product.base, "auth.me", undefined);
      const tenantId = me.activeTenant.id;
      const version = await db.flowVersion.findFirstOrThrow({
        where: { tenantId, flowId: flow.id, number: 1 },
      });

      // Twenty callers two hours ago, 90 s apart: eight hang up in the Billing menu (40%), twelve press 1 and pay.
      const t0 = Date.now() - 2 * 3_600_000;
      for (let i = 0; i < 20; i++) {
        const at = t0 + i * 90_000;
        const hangsUp = i < 8;
        const call = await db.call.create({
          data: {
            tenantId,
            provider: "TWILIO",
            providerCallId: `CA${randomBytes(16).toString("hex")}`,
            direction: "INBOUND",
            fromNumber: "+14155550100",
            toNumber: "+14155550199",
            flowId: flow.id,
            flowVersionId: version.id,
            startedAt: new Date(at),
            endedAt: new Date(at + 50_000),
            durationSeconds: 50,
            status: "COMPLETED",
            outcome: hangsUp ? "caller-hangup" : "hangup",
          },
        });
        const rows: [string, string, string | null, string][] = hangsUp
          ? [
              ["enter", "start", "inbound", ""],
              ["enter", "menu", null, ""],
              ["end", "menu", null, "call ended: the caller hung up"],
            ]
          : [
              ["enter", "start", "inbound", ""],
              ["enter", "menu", null, ""],
              ["resume", "menu", "pay", ""],
              ["enter", "pay", "next", ""],
              ["enter", "bye", null, ""],
              ["end", "bye", null, "call ended: hangup"],
            ];
        await db.callEvent.createMany({
          data: rows.map(([type, nodeId, port, reason], seq) => ({
            tenantId,
            callId: call.id,
            seq,
            at: new Date(at + seq * 10_000),
            type,
            nodeId,
            port,
            data: toJson({ reason }),
          })),
        });
      }
      // A queue and an agent: six of those callers (5 minutes apart) also waited in a queue, five answered (waits 5 to 25 s), one
      // hung up after 30 s. Their events are stored as the job copies them from the engine's stream; their hours
      // are recounted because the calls' log rows are in them.
      const queue = await db.queue.create({
        data: { tenantId, name: `Billing ${randomBytes(2).toString("hex")}`, serviceLevelSeconds: 20 },
      });
      const agent = await db.agent.create({
        data: {
          tenantId,
          displayName: `Ada Lovelace ${randomBytes(2).toString("hex")}`,
          extension: `9${randomBytes(2).readUInt16BE() % 1000}`,
        },
      });
      const base = { tenantId, queueId: queue.id, test: false };
      const events: QueueEvent[] = [
        {
          type: "agent.state-changed",
          tenantId,
          agentId: agent.id,
          at: t0,
          state: "available",
          reason: null,
          queueId: null,
        },
      ];
      for (let i = 0; i < 6; i++) {
        const callId = randomUUID();
        const at = t0 + i * 300_000;
        events.push({ type: "queue.entered", ...base, callId, at, priority: 0 });
        if (i === 5) {
          events.push({ type: "queue.abandoned", ...base, callId, at: at + 30_000, waitMs: 30_000 });
          continue;
        }
        const wait = (i + 1) * 5_000;
        events.push(
          { type: "queue.answered", ...base, callId, at: at + wait, agentId: agent.id, waitMs: wait },
          {
            type: "agent.state-changed",
            tenantId,
            agentId: agent.id,
            at: at + wait,
            state: "on-call",
            reason: null,
            queueId: queue.id,
          },
          {
            type: "agent.state-changed",
            tenantId,
            agentId: agent.id,
            at: at + wait + 240_000,
            state: "wrap-up",
            reason: null,
            queueId: queue.id,
          },
          {
            type: "agent.state-changed",
            tenantId,
            agentId: agent.id,
            at: at + wait + 270_000,
            state: "available",
            reason: null,
            queueId: null,
          },
        );
      }
      await db.queueEventRecord.createMany({
        data: events.map((e) => ({
          tenantId,
          key: createHash("sha256").update(JSON.stringify(e)).digest("base64url"),
          at: new Date(e.at),
          type: e.type,
          event: toJson(e),
        })),
        skipDuplicates: true,
      });

      // The jobs process rolls them up within its minute.
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const range = { from: yesterday, to: today };
      await expect
        .poll(
          async () =>
            (
              await query<{ callers: number }>(page, product.base, "analytics.insights", {
                flowId: flow.id,
                ...range,
              })
            ).callers,
          { timeout: 150_000, interval: 3_000 },
        )
        .toBe(20);

      await page.goto(`${product.base}/flows/${flow.id}`);
      await page.locator('.react-flow__node[data-id="menu"]').waitFor();
      await page.getByRole("button", { name: "Insights", exact: true }).click();
      const panel = page.getByRole("region", { name: "Insights" });
      await panel.getByText("40% of callers hang up in Billing menu — the prompt is 41 s long").waitFor();
      await expect
        .poll(() => page.getByTestId("insights-menu").innerText())
        .toMatch(/20\s*in[\s\S]*8 hung up \(40%\)[\s\S]*pay → 12/);
      expect(await page.getByTestId("insights-pay").innerText()).toMatch(/12\s*in/);
      await panel.getByLabel("Compare with").selectOption("1");
      await panel.getByText("No block changed how often callers hang up.").waitFor();
      await shot(page, "01-canvas");

      await page.goto(`${product.base}/reports`);
      const filters = page.getByRole("form", { name: "Filters" });
      await filters.getByLabel("From").fill(yesterday);
      await filters.getByLabel("Flow").selectOption(flow.id);
      const funnel = page.getByRole("region", { name: "Funnel" });
      await funnel.getByText("40% of callers hang up in Billing menu — the prompt is 41 s long").waitFor();
      await page.getByRole("img", { name: "Calls per day" }).waitFor();
      await filters.getByLabel("Queue").selectOption(queue.id);
      const queues = page.getByRole("region", { name: "Queue service level" });
      // Service level: 4 of 6 answered within 20 s (the 25 s one is not), no short abandons.
      await queues.getByRole("row", { name: new RegExp(`${queue.name} 6 5 1 67%`) }).waitFor();
      const agents = page.getByRole("region", { name: "Agent performance" });
      await filters.getByLabel("Agent").selectOption(agent.id);
      await agents.getByRole("row", { name: `${agent.displayName} 5 4 min 0 s 30 s` }).waitFor();
      await shot(page, "02-reports");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        queues.getByRole("button", { name: "CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`queues-${yesterday}-to-${today}.csv`);
    },
  );
});
