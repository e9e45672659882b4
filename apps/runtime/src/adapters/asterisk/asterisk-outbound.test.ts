import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { ariOriginate } from "@ringflow/platform";
import type { FakeAri } from "@ringflow/platform/testing/fake-ari";
import { syncTenant } from "@ringflow/queues";
import {
  startAsteriskProcess,
  type AsteriskProcess,
  type AsteriskTenant,
  type SpokenMedia,
} from "../../testing/asterisk-runtime.ts";
import {
  closeFakeAsterisk,
  closeProcesses,
  heardOn,
  openFakeAsterisk,
} from "../../testing/fake-asterisk-file.ts";
import { eventually, publishFlow } from "../../testing/seed.ts";
import { asteriskLine, LINE, say } from "./asterisk-flow-fixture.ts";

/**
 * What the API places on a tenant's Asterisk (apps/api place-outbound.ts: the same shared ARI client, the same
 * channel names and Stasis arguments), and queue callbacks, against the fake Asterisk.
 */
const db = createDb(testDatabaseUrl(), { max: 4 });
const prefix = `${process.env.REDIS_KEY_PREFIX ?? ""}ari-out-${randomBytes(3).toString("hex")}:`;

let media: SpokenMedia;
let fake: FakeAri;
let tenant: AsteriskTenant;
const processes: AsteriskProcess[] = [];
let logWriter: { close(): Promise<void> };

beforeAll(async () => {
  ({ media, fake, tenant, logWriter } = await openFakeAsterisk(db, prefix, asteriskLine("6001")));
});

afterEach(async () => {
  await closeProcesses(processes, fake);
});

afterAll(() => closeFakeAsterisk(db, { media, fake, tenant, logWriter }));

/** A runtime process connected to the fake Asterisk (with the queue engine's runner when asked). */
async function connected(queues = false, leaseMs?: number): Promise<AsteriskProcess> {
  const started = await startAsteriskProcess({
    redisKeyPrefix: prefix,
    tenantIds: [tenant.tenantId],
    media,
    queues,
    ...(leaseMs ? { leaseMs } : {}),
  });
  processes.push(started);
  if (queues) await syncTenant(db, started.engine, tenant.tenantId);
  await eventually(async () => started.connections.connection(tenant.providerAccountId)?.connected);
  return started;
}

const account = () => ({ ariBase: `${fake.url}/ari`, username: fake.username, password: fake.password });

/** POST /channels/{id} as the API sends it, through the shared ARI client. */
const originate = (channelId: string, endpoint: string, appArgs: string, callerId: string) =>
  ariOriginate(
    account(),
    { channelId, endpoint, app: tenant.applicationName, appArgs, callerId, timeoutSeconds: 30 },
    { allowNetworks: ["127.0.0.1"] },
  );

/** The Call row the API writes before it places the call (provider's id = the channel it names). */
const outboundRow = (callId: string, channelId: string, extra: { to?: string } = {}) =>
  db.call.create({
    data: {
      id: callId,
      tenantId: tenant.tenantId,
      provider: "ASTERISK",
      providerCallId: channelId,
      providerAccountId: tenant.providerAccountId,
      flowId: tenant.flowId,
      flowVersionId: tenant.versionId,
      direction: "OUTBOUND",
      fromNumber: "+14155550100",
      toNumber: extra.to ?? "+14155550199",
      status: "QUEUED",
    },
  });

const heard = (channelId: string) => heardOn({ fake, media }, channelId);

const rowOf = (id: string) => db.call.findFirst({ where: { id, tenantId: tenant.tenantId } });
const endedRow = (id: string) =>
  eventually(async () => {
    const row = await rowOf(id);
    return row?.endedAt ? row : null;
  });
const ringing = (id: string) => eventually(async () => fake.channels().find((c) => c.id === id && c.ringing));
const bridged = (a: string, b: string) =>
  eventually(async () =>
    fake
      .bridges()
      .find((x) => x.bridge_type === "mixing" && x.channels.includes(a) && x.channels.includes(b)),
  );
const gone = (id: string) => eventually(async () => !fake.channels().some((c) => c.id === id));

describe("a flow's outbound call the API placed through ARI", () => {
  it("answered, the channel named after the row enters Stasis with the row's id and runs its pinned version", async () => {
    await connected();
    const callId = randomUUID();
    await outboundRow(callId, callId);
    // A number through the PBX's outbound routes: a Local channel, whose ;2 half dials the carrier.
    await originate(
      callId,
      "Local/+14155550199@from-internal",
      `ringflow:outbound,${callId}`,
      "+14155550100",
    );
    await ringing(callId);
    fake.answerOutbound(callId);
    await eventually(async () => heard(callId).includes(LINE.menu));
    expect(heard(callId)).toEqual([LINE.welcome, LINE.menu]);
    fake.hangup(callId);
    const row = await endedRow(callId);
    expect(row).toMatchObject({
      status: "COMPLETED",
      direction: "OUTBOUND",
      flowVersionId: tenant.versionId,
    });
    expect(
      await db.callEvent.count({ where: { tenantId: tenant.tenantId, callId, nodeId: "menu" } }),
    ).toBeGreaterThan(0);
  });

  it("a channel whose Stasis arguments name another call runs no flow: the line is not in service", async () => {
    await connected();
    const callId = randomUUID();
    await outboundRow(callId, callId);
    await originate(callId, "PJSIP/6002", `ringflow:outbound,${randomUUID()}`, "+14155550100");
    await ringing(callId);
    fake.answerOutbound(callId);
    await eventually(async () => heard(callId).includes("sound:ss-noservice"));
    expect(heard(callId)).not.toContain(LINE.welcome);
  });

  it("a channel made again with an ended call's id runs nothing either", async () => {
    await connected();
    const callId = randomUUID();
    await outboundRow(callId, callId);
    await db.call.update({
      where: { id: callId, tenantId: tenant.tenantId },
      data: { status: "COMPLETED", endedAt: new Date() },
    });
    await originate(callId, "PJSIP/6002", `ringflow:outbound,${callId}`, "+14155550100");
    await ringing(callId);
    fake.answerOutbound(callId);
    await eventually(async () => heard(callId).includes("sound:ss-noservice"));
    expect(heard(callId)).not.toContain(LINE.welcome);
  });

  it("its holder is killed mid-call: the next process continues it and leaves the Local channel's ;2 half alone", async () => {
    const first = await connected(false, 900);
    const callId = randomUUID();
    await outboundRow(callId, callId);
    await originate(
      callId,
      "Local/+14155550197@from-internal",
      `ringflow:outbound,${callId}`,
      "+14155550100",
    );
    await ringing(callId);
    fake.answerOutbound(callId);
    await eventually(async () => heard(callId).includes(LINE.menu));
    await first.kill();
    await connected(false, 900);
    // The menu again, from the stored turn; neither half of the call was hung up.
    await eventually(async () => heard(callId).filter((t) => t === LINE.menu).length === 2);
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${callId};2`)).toBe(
      false,
    );
    expect(fake.channels().some((c) => c.id === callId)).toBe(true);
    fake.hangup(callId);
    expect((await endedRow(callId)).status).toBe("COMPLETED");
  });
});

describe("click-to-call on Asterisk: the agent's leg first, then the destination bridged with it", () => {
  /** A click-to-call to `to` whose agent answered: the destination rings. */
  async function agentAnswered(to: string) {
    await connected();
    const callId = randomUUID();
    const agentLeg = `ringflow-click.${callId}`;
    await outboundRow(callId, agentLeg, { to });
    await originate(agentLeg, "PJSIP/6001", `ringflow:click,${callId}`, "+14155550100");
    await ringing(agentLeg);
    fake.answerOutbound(agentLeg);
    const destination = `${agentLeg}-dial-1`;
    await ringing(destination);
    return { callId, agentLeg, destination };
  }

  it("the agent answers, the destination rings with the chosen caller ID, answers and is bridged; it hangs up, the call ends", async () => {
    const { callId, agentLeg, destination } = await agentAnswered("+14155550188");
    const rung = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${destination}`);
    expect(rung?.query).toMatchObject({
      endpoint: "Local/+14155550188@from-internal",
      callerId: "+14155550100",
      app: tenant.applicationName,
      originator: agentLeg,
    });
    await eventually(async () => (await rowOf(callId))?.status === "IN_PROGRESS");
    // The agent hears ringing while the destination rings, stopped before the bridge.
    await eventually(async () => fake.channels().find((c) => c.id === agentLeg)?.ringIndicated);
    fake.answerOutbound(destination);
    await bridged(agentLeg, destination);
    expect(
      fake.requests
        .filter((r) => r.path === `/channels/${agentLeg}/ring` || r.operation === "bridges.addChannel")
        .map((r) => r.operation),
    ).toEqual(["channels.ring", "channels.ringStop", "bridges.addChannel"]);
    // Nothing of a flow was played to either party.
    expect(heard(agentLeg)).toEqual([]);
    fake.hangup(destination);
    await gone(agentLeg);
    const row = await endedRow(callId);
    expect(row.status).toBe("COMPLETED");
    expect(row.durationSeconds).not.toBeNull();
  });

  it("the agent never answers: the row ends with the status of the hangup cause", async () => {
    await connected();
    const callId = randomUUID();
    const agentLeg = `ringflow-click.${callId}`;
    await outboundRow(callId, agentLeg);
    await originate(agentLeg, "PJSIP/6001", `ringflow:click,${callId}`, "+14155550100");
    await ringing(agentLeg);
    fake.busy(agentLeg);
    expect((await endedRow(callId)).status).toBe("BUSY");
  });

  it("the destination through the PBX's dialplan is busy: the agent's leg, which heard ringing, is let go", async () => {
    const { callId, agentLeg, destination } = await agentAnswered("+14155550187");
    await eventually(async () => fake.channels().find((c) => c.id === agentLeg)?.ringIndicated);
    fake.endLocalDialplan(destination, 17);
    await gone(agentLeg);
    expect((await endedRow(callId)).status).toBe("COMPLETED");
  });
});

describe("queue callbacks on Asterisk", () => {
  it("press 1 to be called back; when an agent is free they are rung first, then the caller's number, bridged with them (through a takeover)", async () => {
    const queueName = `callback-${randomBytes(3).toString("hex")}`;
    const { flowId } = await publishFlow(
      db,
      tenant.tenantId,
      buildFlow({
        name: "Callback line",
        nodes: {
          start: ["start", { accepts: ["inbound"] }],
          queue: [
            "enqueue",
            { queue: queueName, maxWaitSeconds: 300, announcePosition: true, offerCallback: true },
          ],
          later: say("We will call you back."),
          bye: ["hangup", {}],
        },
        edges: [
          ["start", "inbound", "queue"],
          ["queue", "bridged", "bye"],
          ["queue", "overflow", "bye"],
          ["queue", "callback", "later"],
          ["later", "next", "bye"],
        ],
      }),
    );
    const extension = `9${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
    const phone = await db.phoneNumber.create({
      data: { tenantId: tenant.tenantId, providerAccountId: tenant.providerAccountId, e164: extension },
    });
    await db.numberBinding.create({ data: { tenantId: tenant.tenantId, phoneNumberId: phone.id, flowId } });
    const queue = await db.queue.create({
      data: { tenantId: tenant.tenantId, name: queueName, wrapUpSeconds: 1, ringTimeoutSeconds: 15 },
    });
    const agent = await db.agent.create({
      data: {
        tenantId: tenant.tenantId,
        displayName: "Cleo",
        extension: `61${randomBytes(2).toString("hex")}`,
        endpoints: { create: [{ tenantId: tenant.tenantId, kind: "SIP", address: "6003" }] },
        queues: { create: [{ tenantId: tenant.tenantId, queueId: queue.id }] },
      },
    });
    const started = await connected(true);

    // Nobody free: the caller waits, hears the offer, presses 1 and goes on by the Callback exit.
    const caller = fake.callIn({ exten: extension, callerNumber: "+14155550177" });
    await eventually(async () =>
      heard(caller).includes("Press 1 to keep your place in line and be called back."),
    );
    await fake.pressDigits(caller, "1");
    // The number is read back (the caller called an extension: said as their country says it); 1 confirms.
    await eventually(async () =>
      heard(caller).includes(
        "We will call you back at 4 1 5, 5 5 5, 0 1 7 7. Press 1 to confirm, or 2 to enter another number.",
      ),
    );
    await fake.pressDigits(caller, "1");
    await eventually(async () => heard(caller).includes("We will call you back."));
    await gone(caller);

    // Cleo becomes free: her leg rings first (no caller's channel to link it to any more).
    await started.engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });
    const leg = await eventually(async () =>
      fake.channels().find((c) => c.id.startsWith("ringflow-agent.") && c.id.includes(agent.id) && c.ringing),
    );
    const rang = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${leg.id}`);
    expect(rang?.query).toMatchObject({ endpoint: "PJSIP/6003" });
    expect(rang?.query.originator).toBeUndefined();
    fake.answerOutbound(leg.id);

    // Then the caller's number, showing the number they had called, bridged with Cleo when it answers.
    const back = leg.id.replace("ringflow-agent.", "ringflow-callback.");
    await ringing(back);
    expect(
      fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${back}`)?.query,
    ).toMatchObject({
      endpoint: "Local/+14155550177@from-internal",
      callerId: extension,
      originator: leg.id,
    });
    fake.answerOutbound(back);
    await bridged(leg.id, back);

    // The holder is killed while they talk: the next process knows the callback by its legs' names and
    // leaves both up.
    await started.kill();
    const next = await connected(true);
    expect(fake.channels().filter((c) => c.id === leg.id || c.id === back)).toHaveLength(2);

    // Cleo hangs up: the caller's leg goes too and she is in wrap-up, then free again.
    fake.hangup(leg.id);
    await gone(back);
    await eventually(async () => {
      const { agentState } = await next.engine.agentStatus(tenant.tenantId, agent.id);
      return agentState === "wrap-up" || agentState === "available";
    });
    const row = await eventually(() =>
      db.call.findFirst({ where: { tenantId: tenant.tenantId, providerCallId: caller, queueId: queue.id } }),
    );
    expect(row.agentId).toBe(agent.id);
  });
});
