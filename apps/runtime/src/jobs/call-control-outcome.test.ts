import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { realtimeChannel, realtimeEventSchema, type RealtimeEvent } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger, createRedis } from "@ringflow/platform";
import { queueWiring } from "../acd/queue-wiring.ts";
import { agentAsks, connectedQueueCall } from "../testing/queue-call-fixture.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { startTwilioRestStandIn } from "../testing/twilio-rest-stand-in.ts";

type Outcome = Extract<RealtimeEvent, { type: "call.control-outcome" }>;

const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const listener = redis.duplicate();
const heard: Outcome[] = [];
const callSid = () => `CA${randomBytes(16).toString("hex")}`;
let standIn: Awaited<ReturnType<typeof startTwilioRestStandIn>>;
let wiring: ReturnType<typeof queueWiring>;
let tenant: SeededTenant;

beforeAll(async () => {
  standIn = await startTwilioRestStandIn(() => ({
    status: 200,
    body: { call_sid: callSid(), conference_sid: "CF0123456789abcdef0123456789abcdef" },
  }));
  wiring = queueWiring({
    db,
    redis,
    keyPrefix,
    clock: Date.now,
    logger: createLogger("test"),
    publicUrl: "https://voice.outcomes.example",
    twilioApiBaseUrl: standIn.url,
  });
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup", {}] }, edges: [["start", "inbound", "bye"]] }),
  );
  // What the API's feed hears: the tenant's real-time channel.
  listener.on("message", (_channel: string, raw: string) => {
    // The queue engine's events share the channel.
    const event = realtimeEventSchema.safeParse(JSON.parse(raw)).data;
    if (event?.type === "call.control-outcome") heard.push(event);
  });
  await listener.subscribe(`${keyPrefix}${realtimeChannel(tenant.tenantId)}`);
});

afterAll(async () => {
  await standIn.close();
  await listener.quit();
  await redis.quit();
  await db.$disconnect();
});

async function agent(
  name: string,
  kind: "TWILIO_CLIENT" | "PHONE",
  address: string,
  queueIds: string[] = [],
) {
  const { tenantId } = tenant;
  return db.agent.create({
    data: {
      tenantId,
      displayName: name,
      extension: String(Math.floor(Math.random() * 1e7)),
      endpoints: { create: [{ tenantId, kind, address }] },
      queues: { create: queueIds.map((queueId) => ({ tenantId, queueId })) },
    },
  });
}

const outcomesOf = (callId: string) => heard.filter((event) => event.callId === callId);

describe("call-control outcomes on the real-time channel", () => {
  it("tells the agent's desktop what each request came to, a refusal in words and a transfer nobody answered", async () => {
    const { tenantId } = tenant;
    const queue = await db.queue.create({ data: { tenantId, name: `support-${randomUUID()}` } });
    const ana = await agent("Ana", "TWILIO_CLIENT", "ana", [queue.id]);
    const bob = await agent("Bob", "PHONE", "+14155550188");
    const { callId } = await connectedQueueCall(db, wiring, {
      tenantId,
      queueId: queue.id,
      agentId: ana.id,
      provider: "TWILIO",
      providerCallId: callSid(),
      providerAccountId: tenant.providerAccountId,
      to: tenant.number,
      turn: 2,
      reaches: ["twilio-client", "phone"],
      agentLeg: callSid(),
      extra: { conferenceId: "CF0123456789abcdef0123456789abcdef" },
    });
    const ask = agentAsks(db, wiring, standIn.url, { tenantId, callId, agentId: ana.id });

    await ask({ action: "hold" });
    // Bob is signed out: the consultation is refused before anyone rings, in words.
    await ask({ action: "consult", target: { kind: "agent", agentId: bob.id } });
    await eventually(async () => outcomesOf(callId).length >= 2);
    expect(outcomesOf(callId)).toMatchObject([
      { agentId: ana.id, action: "hold", result: "done", refusal: null, targetName: null },
      {
        agentId: ana.id,
        action: "consult",
        result: "refused",
        refusal: "agent-unavailable",
        targetName: "Bob",
        message: expect.stringContaining("not available right now"),
      },
    ]);

    // Bob is available now: the consultation rings him; his leg is not answered (as the provider reports it).
    await wiring.engine.setAgentState(tenantId, bob.id, { state: "available" });
    expect((await ask({ action: "consult", target: { kind: "agent", agentId: bob.id } })).ok).toBe(true);
    await wiring.queues.releaseAgent(tenantId, callId);
    await eventually(async () => outcomesOf(callId).length >= 4);
    expect(outcomesOf(callId).slice(2)).toMatchObject([
      { action: "consult", result: "done", targetName: "Bob" },
      { agentId: ana.id, action: null, requestId: null, result: "not-answered", targetName: "Bob" },
    ]);
    expect((await wiring.engine.agentStatus(tenantId, bob.id)).agentState).toBe("available");
  });
});
