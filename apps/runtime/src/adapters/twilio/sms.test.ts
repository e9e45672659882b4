import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { FakeTwilio } from "../../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";
import { twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";

const PUBLIC_URL = "https://voice.sms.example";
const db = createDb(testDatabaseUrl(), { max: 2 });
const requests: { method: string; url: string; body: string }[] = [];
/** Twilio's Messages API stand-in: refuses texts to +15005550009 the way Twilio refuses a non-mobile number. */
let rest: Server;
let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };
let tenant: SeededTenant;
let twilio: FakeTwilio;

const flow = () =>
  buildFlow({
    nodes: {
      start: ["start"],
      text: ["sendSms", { recipient: { type: "caller" }, body: "Thanks for calling {{call.to}}." }],
      sent: ["say", { text: { "en-US": "We sent you a text." } }],
      failed: ["say", { text: { "en-US": "We could not text you." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "text"],
      ["text", "sent", "sent"],
      ["text", "failed", "failed"],
      ["sent", "next", "bye"],
      ["failed", "next", "bye"],
    ],
  });

beforeAll(async () => {
  rest = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", body });
      const refused = new URLSearchParams(body).get("To") === "+15005550009";
      res.writeHead(refused ? 400 : 201, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          refused
            ? { code: 21614, message: "'To' number is not a valid mobile number", status: 400 }
            : { sid: "SM0123456789abcdef0123456789abcdef", status: "queued" },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => rest.listen(0, "127.0.0.1", resolve));
  const address = rest.address();
  const restUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  runtime = await startRuntime({ publicUrl: PUBLIC_URL, twilioApiBaseUrl: restUrl });
  writer = await startLogWriter(db);
  tenant = await seedTwilioTenant(db, flow);
  twilio = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  rest.close();
  await db.$disconnect();
});

describe("Send a text on Twilio", () => {
  it("texts the caller from the number they called, through the request Twilio's API description defines", async () => {
    const call = await twilio.call({ from: "+14155550142", to: tenant.number });
    expect(call.spoken()).toEqual(["We sent you a text."]);
    const sent = requests.find((r) => new URLSearchParams(r.body).get("To") === "+14155550142");
    expect(sent?.url).toBe(`/2010-04-01/Accounts/${tenant.accountSid}/Messages.json`);
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({
      To: "+14155550142",
      From: tenant.number,
      Body: `Thanks for calling ${tenant.number}.`,
    });
    expect(twilioRequestProblems(sent?.method ?? "", sent?.url ?? "", sent?.body ?? "")).toEqual([]);
    const row = await eventually(() =>
      db.call.findFirst({
        where: { tenantId: tenant.tenantId, providerCallId: call.callSid },
        include: { events: { orderBy: { seq: "asc" } } },
      }),
    );
    const events = await eventually(async () => {
      const found = await db.callEvent.findMany({ where: { callId: row.id }, orderBy: { seq: "asc" } });
      return found.some((e) => e.type === "input") ? found : null;
    });
    expect(events.find((e) => e.type === "sms.request")?.data).toMatchObject({ to: "+14155550142" });
    expect(events.find((e) => e.type === "input")?.data).toMatchObject({
      event: "sms.result",
      status: "sent",
      messageId: "SM0123456789abcdef0123456789abcdef",
    });
  });

  it("goes on by Not sent with Twilio's own reason when Twilio refuses the text", async () => {
    const call = await twilio.call({ from: "+15005550009", to: tenant.number });
    expect(call.spoken()).toEqual(["We could not text you."]);
    const row = await eventually(() =>
      db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: call.callSid } }),
    );
    const failed = await eventually(() =>
      db.callEvent.findFirst({ where: { callId: row.id, type: "input" } }),
    );
    expect(failed.data).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/not a valid mobile number/),
    });
  });
});
