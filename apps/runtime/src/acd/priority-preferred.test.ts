import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { QueueEngine, syncTenant } from "@ringflow/queues";
import { single } from "../engine/test-kit.ts";
import { FakeTwilio } from "../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant } from "../testing/seed.ts";
import { startTwilioRestStandIn, type RecordedRequest } from "../testing/twilio-rest-stand-in.ts";
import { preferredAgentIds } from "./preferred-agent.ts";

const PUBLIC_URL = "https://voice.priority-preferred.example";
// A prefix of its own: this file's runtime rings every offer under it through this file's REST stand-in.
const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const engine = new QueueEngine(redis, Date.now);
/** A full run on 2 cores has taken over 10 s for a first caller to reach the queue (the file's cold start). */
const SLOW_MS = 30_000;
const VIP = "+14155550199";

let rest: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };

beforeAll(async () => {
  rest = await startTwilioRestStandIn(() => ({ status: 201, body: { call_sid: `CA${randomUUID()}` } }));
  runtime = await startRuntime({
    publicUrl: PUBLIC_URL,
    twilioApiBaseUrl: rest.url,
    redisKeyPrefix: keyPrefix,
  });
  writer = await startLogWriter(db, keyPrefix);
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await rest.close();
  await redis.quit();
  await db.$disconnect();
});

/** VIP callers (a rule on the caller's number) wait at 90, others at the fixed 5; `lastAgent` is preferred. */
const flow = (lastAgent: string) => () =>
  single(
    "enqueue",
    {
      queue: "sales",
      skills: ["billing"],
      priority: 5,
      priorityFrom: `{% if call.from == "${VIP}" %}90{% endif %}`,
      preferredAgent: "{{vars.lastAgent}}",
      announcePosition: false,
    },
    { variables: [{ name: "lastAgent", type: "string", default: lastAgent }] },
  );

/** A tenant whose queue "sales" routes by skills to Ana (billing 9, extension 20) and Ben (billing 2, 21). */
async function salesTenant(lastAgent: string, available: boolean) {
  const tenant = await seedTwilioTenant(db, flow(lastAgent));
  const { tenantId } = tenant;
  const queue = await db.queue.create({ data: { tenantId, name: "sales", strategy: "SKILLS" } });
  const billing = await db.skill.create({ data: { tenantId, name: "billing" } });
  const agents: Record<string, string> = {};
  for (const [name, extension, level] of [
    ["ana", "20", 9],
    ["ben", "21", 2],
  ] as const) {
    const agent = await db.agent.create({
      data: {
        tenantId,
        displayName: name,
        extension,
        endpoints: { create: [{ tenantId, kind: "TWILIO_CLIENT", address: name }] },
        queues: { create: [{ tenantId, queueId: queue.id }] },
        skills: { create: [{ tenantId, skillId: billing.id, level }] },
      },
    });
    agents[name] = agent.id;
  }
  await syncTenant(db, engine, tenantId);
  const signIn = async () => {
    for (const agentId of Object.values(agents))
      await engine.setAgentState(tenantId, agentId, { state: "available" });
  };
  if (available) await signIn();
  const twilio = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
  /** A caller walks in and waits; its Call row's id is the queue's call id. */
  const call = async (from: string) => {
    const placed = await twilio.call({ from, to: tenant.number });
    await placed.redirect();
    const row = await eventually(
      () => db.call.findFirst({ where: { tenantId, providerCallId: placed.callSid } }),
      SLOW_MS,
    );
    await eventually(async () => (await engine.status(tenantId, row.id)).status !== "gone", SLOW_MS);
    return row.id;
  };
  const offered = () =>
    eventually(
      async () => (await engine.events(tenantId)).map((e) => e.event).find((e) => e.type === "queue.offered"),
      SLOW_MS,
    );
  const rung = (agent: string) =>
    eventually(async () =>
      rest.requests.find(
        (r: RecordedRequest) =>
          r.url.includes(`/Accounts/${tenant.accountSid}/`) &&
          r.form.get("To")?.startsWith(`client:${agent}?`),
      ),
    );
  return { tenantId, agents, signIn, call, offered, rung };
}

describe(
  "the Enqueue block's priority rule and preferred agent, through the runtime into the queue engine",
  {
    timeout: 90_000,
  },
  () => {
    it("answers a VIP caller (priority from the rule) before one who called earlier at the fixed priority", async () => {
      const sales = await salesTenant("", false);
      const regular = await sales.call("+14155550100");
      const vip = await sales.call(VIP);
      const entered = (await engine.events(sales.tenantId))
        .map((e) => e.event)
        .filter((e) => e.type === "queue.entered");
      expect(entered.map((e) => [e.callId, e.priority])).toEqual([
        [regular, 5],
        [vip, 90],
      ]);
      expect((await engine.status(sales.tenantId, vip)).position).toBe(1);
      await sales.signIn();
      const offer = await sales.offered();
      expect(offer.callId).toBe(vip);
    });

    it("offers the caller to the agent the variable names (by extension) although another is better skilled", async () => {
      const sales = await salesTenant("21", true);
      const callId = await sales.call("+14155550101");
      expect(await sales.offered()).toMatchObject({ callId, agentIds: [sales.agents.ben] });
      expect((await sales.rung("ben")).form.get("Label")).toBe(`agent-${sales.agents.ben}`);
    });

    it("without a preferred agent, or with one nobody answers to, the best-skilled agent is offered the caller", async () => {
      for (const lastAgent of ["", "nobody@example.com"]) {
        const sales = await salesTenant(lastAgent, true);
        const callId = await sales.call("+14155550102");
        expect(await sales.offered()).toMatchObject({ callId, agentIds: [sales.agents.ana] });
      }
    });

    it("finds the preferred agent by id, extension or sign-in email, in the caller's workspace only", async () => {
      const sales = await salesTenant("", false);
      const other = await salesTenant("", false);
      const user = await db.user.create({
        data: { email: `ben-${randomUUID()}@example.com`, name: "Ben", passwordHash: "x" },
      });
      const membership = await db.membership.create({
        data: { tenantId: sales.tenantId, userId: user.id, role: "AGENT" },
      });
      await db.agent.update({ where: { id: sales.agents.ben }, data: { membershipId: membership.id } });
      const ben = [sales.agents.ben];
      expect(await preferredAgentIds(db, sales.tenantId, "21")).toEqual(ben);
      expect(await preferredAgentIds(db, sales.tenantId, ` ${user.email.toUpperCase()} `)).toEqual(ben);
      expect(await preferredAgentIds(db, sales.tenantId, sales.agents.ben)).toEqual(ben);
      expect(await preferredAgentIds(db, other.tenantId, sales.agents.ben)).toEqual([]);
      expect(await preferredAgentIds(db, other.tenantId, user.email)).toEqual([]);
      expect(await preferredAgentIds(db, sales.tenantId, "99")).toEqual([]);
      expect(await preferredAgentIds(db, sales.tenantId, undefined)).toEqual([]);
    });
  },
);
