import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { realtimeChannel, realtimeEventSchema, type RealtimeEvent } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis } from "@ringflow/platform";
import { FakeTwilio } from "../testing/fake-twilio.ts";
import { startRuntime, type RuntimeInstance } from "../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";

const PUBLIC_URL = "https://voice.rt.example";
const db = createDb(testDatabaseUrl(), { max: 2 });
const subscriber = createRedis(undefined, { keyPrefix: "" });
const received: RealtimeEvent[] = [];
let runtime: RuntimeInstance;
let tenant: SeededTenant;

beforeAll(async () => {
  runtime = await startRuntime({ publicUrl: PUBLIC_URL });
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({
      variables: [{ name: "choice", type: "string", default: "" }],
      nodes: {
        start: ["start"],
        menu: [
          "menu",
          {
            prompt: { type: "say", text: { "en-US": "Press 1." } },
            options: [{ id: "one", dtmf: "1" }],
          },
        ],
        bye: ["hangup", {}],
      },
      edges: [
        ["start", "inbound", "menu"],
        ["menu", "one", "bye"],
        ["menu", "noInput", "bye"],
        ["menu", "noMatch", "bye"],
      ],
    }),
  );
  subscriber.on("message", (_channel, raw: string) =>
    received.push(realtimeEventSchema.parse(JSON.parse(raw))),
  );
  await subscriber.subscribe(`${process.env.REDIS_KEY_PREFIX ?? ""}${realtimeChannel(tenant.tenantId)}`);
});

afterAll(async () => {
  await subscriber.quit();
  await runtime.close();
  await db.$disconnect();
});

describe("real-time events", () => {
  it("publishes on the tenant's channel, in the contract's shape, when a call starts, waits and ends", async () => {
    const twilio = new FakeTwilio({
      publicUrl: PUBLIC_URL,
      instances: [runtime.url],
      accountSid: tenant.accountSid,
      authToken: tenant.authToken,
    });
    const call = await twilio.call({ from: "+14155550155", to: tenant.number });
    await call.press("1");
    const types = await eventually(async () => {
      const mine = received.filter((e) => e.tenantId === tenant.tenantId).map((e) => e.type);
      return mine.includes("call.ended") ? mine : null;
    });
    expect(types).toEqual(["call.started", "call.waiting", "call.ended"]);
    expect(received[0]).toMatchObject({
      type: "call.started",
      from: "+14155550155",
      provider: "TWILIO",
      test: false,
    });
    expect(received[1]).toMatchObject({ type: "call.waiting", nodeId: "menu", for: "gather", turn: 1 });
  });
});
