import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createLogger, createRedis } from "@ringflow/platform";
import { startFakeCarrier, type RecordedRequest } from "@ringflow/platform/testing/fake-carrier";
import { queueWiring } from "../../acd/queue-wiring.ts";
import type { CallControlJob } from "../../jobs/call-control.job.ts";
import { runCallControlJob, type CallControlDeps } from "../../jobs/call-control.worker.ts";
import { seedSignalWire, seedTelnyx, transferLine } from "../../testing/carrier-fixture.ts";
import { connectedQueueCall } from "../../testing/queue-call-fixture.ts";
import { seedTwilioTenant, type SeededTenant } from "../../testing/seed.ts";

const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:`;
const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis(undefined, { keyPrefix });
const HOLD = "https://cdn.example/hold.mp3";
const CONFERENCE_SID = "9b3c0f5e-conference";

let carrier: Awaited<ReturnType<typeof startFakeCarrier>>;
let deps: CallControlDeps;
let wiring: ReturnType<typeof queueWiring>;
let tenant: SeededTenant;

beforeAll(async () => {
  // The carriers' REST APIs as documented: the call's conference found by name, every command answered.
  carrier = await startFakeCarrier((request) =>
    request.method === "GET" && /\/Conferences(\.json)?\?/.test(request.path)
      ? { status: 200, body: { conferences: [{ sid: CONFERENCE_SID, status: "in-progress" }] } }
      : { status: 200, body: { sid: `leg-${randomUUID()}` } },
  );
  wiring = queueWiring({
    db,
    redis,
    keyPrefix,
    clock: Date.now,
    logger: createLogger("test"),
    publicUrl: "https://voice.carrier-control.example",
    twilioApiBaseUrl: "http://127.0.0.1:9",
    signalWireApiBaseUrl: carrier.url,
    telnyxApiBaseUrl: carrier.url,
  });
  deps = {
    db,
    calls: wiring.calls,
    queues: wiring.queues,
    urls: wiring.urls,
    holdMusicUrl: HOLD,
    twilioApiBaseUrl: "http://127.0.0.1:9",
    dialectRest: { signalWireApiBaseUrl: carrier.url, telnyxApiBaseUrl: carrier.url },
    clock: Date.now,
  };
  tenant = await seedTwilioTenant(db, transferLine);
});

afterAll(async () => {
  await carrier.close();
  await redis.quit();
  await db.$disconnect();
});

/** A caller on `kind`'s number talking to agent Ana through a queue, as the carrier queue test leaves them. */
async function connectedCall(kind: "SIGNALWIRE" | "TELNYX") {
  const seeded =
    kind === "SIGNALWIRE"
      ? await seedSignalWire(db, tenant.tenantId, tenant.flowId)
      : await seedTelnyx(db, tenant.tenantId, tenant.flowId);
  const queue = await db.queue.create({ data: { tenantId: tenant.tenantId, name: `sales-${randomUUID()}` } });
  const agent = await db.agent.create({
    data: {
      tenantId: tenant.tenantId,
      displayName: "Ana",
      extension: String(Math.floor(Math.random() * 1e7)),
      endpoints: { create: [{ tenantId: tenant.tenantId, kind: "PHONE", address: "+14155550166" }] },
      queues: { create: [{ tenantId: tenant.tenantId, queueId: queue.id }] },
    },
  });
  const callSid = `caller-${randomUUID()}`;
  const agentLeg = `agent-leg-${randomUUID()}`;
  const account = randomUUID();
  const { callId } = await connectedQueueCall(db, wiring, {
    tenantId: tenant.tenantId,
    queueId: queue.id,
    agentId: agent.id,
    provider: kind,
    providerCallId: callSid,
    providerAccountId: seeded.providerAccountId,
    carrierAccountSid: account,
    to: seeded.number,
    turn: 2,
    reaches: ["phone"],
    agentLeg,
  });
  return { callId, callSid, agentLeg, account, providerAccountId: seeded.providerAccountId };
}

async function run(callId: string, command: CallControlJob["command"]) {
  const before = carrier.requests.length;
  const outcome = await runCallControlJob(deps, {
    requestId: randomUUID(),
    tenantId: tenant.tenantId,
    callId,
    requestedBy: { userId: "u-ana" },
    requestedAt: Date.now(),
    command,
  });
  const made = carrier.requests.slice(before).map((r: RecordedRequest) => ({
    method: r.method,
    path: decodeURIComponent(r.path),
    form: Object.fromEntries(new URLSearchParams(r.body)),
    authorization: r.authorization?.split(" ")[0],
  }));
  return { ok: outcome.ok, made };
}

describe("the desktop's call controls on SignalWire and Telnyx calls, through the same conference steps", () => {
  it("SignalWire: hold the caller, then the agent hangs up, in LaML's paths", async () => {
    const { callId, callSid, agentLeg, providerAccountId } = await connectedCall("SIGNALWIRE");
    const { externalId: project } = await db.providerAccount.findFirstOrThrow({
      where: { id: providerAccountId, tenantId: tenant.tenantId },
    });
    const base = `/api/laml/2010-04-01/Accounts/${project}`;
    const hold = await run(callId, { action: "hold" });
    expect(hold).toEqual({
      ok: true,
      made: [
        {
          method: "GET",
          path: `${base}/Conferences.json?FriendlyName=call-${callId}&Status=in-progress`,
          form: {},
          authorization: "Basic",
        },
        {
          method: "POST",
          path: `${base}/Conferences/${CONFERENCE_SID}/Participants/${callSid}.json`,
          form: { Hold: "true", HoldUrl: HOLD, HoldMethod: "GET" },
          authorization: "Basic",
        },
      ],
    });
    const hangup = await run(callId, { action: "hangup", party: "agent", endCall: false });
    expect(hangup.made.at(-1)).toMatchObject({
      method: "DELETE",
      path: `${base}/Conferences/${CONFERENCE_SID}/Participants/${agentLeg}.json`,
    });
  });

  it("Telnyx: mute the agent and end the call, in TeXML's paths under the account of its webhooks", async () => {
    const { callId, callSid, agentLeg, account } = await connectedCall("TELNYX");
    const base = `/texml/Accounts/${account}`;
    const mute = await run(callId, { action: "mute", party: "agent" });
    expect(mute.made.at(-1)).toEqual({
      method: "POST",
      path: `${base}/Conferences/${CONFERENCE_SID}/Participants/${agentLeg}`,
      form: { Muted: "true" },
      authorization: "Bearer",
    });
    const end = await run(callId, { action: "hangup", party: "agent", endCall: true });
    expect(end.made[0]).toMatchObject({
      method: "POST",
      path: `${base}/Calls/${callSid}`,
      form: { Status: "completed" },
    });
  });

  it("Telnyx cannot start a recording during a call: refused as the provider's limit, nothing sent", async () => {
    const { callId } = await connectedCall("TELNYX");
    expect(await run(callId, { action: "recording.start" })).toEqual({ ok: false, made: [] });
  });
});
