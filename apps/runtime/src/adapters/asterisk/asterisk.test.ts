import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import {
  asteriskConnectionKey,
  asteriskConnectionStateSchema,
  type FlowDocument,
} from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger } from "@ringflow/platform";
import type { FakeAri } from "@ringflow/platform/testing/fake-ari";
import { syncTenant } from "@ringflow/queues";
import { LocalObjectStore } from "@ringflow/recordings";
import { recordingLimitsSchema } from "../../jobs/recording-copy.job.ts";
import { runRecordingCopy } from "../../jobs/recording-copy.worker.ts";
import {
  seedAsteriskTenant,
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
import { HANDLED_ARI_EVENTS } from "./ari-events.ts";
import { ConnectionLease } from "./connection-lease.ts";
import { queueWiring } from "../../acd/queue-wiring.ts";
import type { CallControlJob } from "../../jobs/call-control.job.ts";
import { runCallControlJob } from "../../jobs/call-control.worker.ts";

const db = createDb(testDatabaseUrl(), { max: 4 });
/** Its own key space: leases, calls and the log stream of this file only. */
const prefix = `${process.env.REDIS_KEY_PREFIX ?? ""}ari-${randomBytes(3).toString("hex")}:`;
const SALES = "6001";

let media: SpokenMedia;
let fake: FakeAri;
let tenant: AsteriskTenant;
const processes: AsteriskProcess[] = [];
let logWriter: { close(): Promise<void> };

beforeAll(async () => {
  ({ media, fake, tenant, logWriter } = await openFakeAsterisk(db, prefix, asteriskLine(SALES)));
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail" && process.env.ARI_TEST_DEBUG)
    console.log(
      JSON.stringify(
        {
          requests: fake.requests,
          events: fake.events().slice(-30),
          bridges: fake.bridges(),
          channels: fake.channels(),
        },
        null,
        1,
      ),
    );
  await closeProcesses(processes, fake);
});

afterAll(() => closeFakeAsterisk(db, { media, fake, tenant, logWriter }));

async function runtime(): Promise<AsteriskProcess> {
  const started = await startAsteriskProcess({ redisKeyPrefix: prefix, tenantIds: [tenant.tenantId], media });
  processes.push(started);
  return started;
}

/** A runtime process connected to the fake Asterisk (its lease taken, the application started). */
async function connected(): Promise<AsteriskProcess> {
  const started = await runtime();
  await eventually(async () => started.connections.connection(tenant.providerAccountId)?.connected);
  return started;
}

const requestsOf = (channelId: string) =>
  fake.requests.filter((r) => r.path.includes(`/channels/${channelId}`) || r.path.includes(channelId));

const heard = (channelId: string) => heardOn({ fake, media }, channelId);

const waitHeard = (channelId: string, text: string) =>
  eventually(async () => heard(channelId).includes(text));

/** The playback of `text` under way on the channel. */
const playing = (channelId: string, text: string) =>
  eventually(async () =>
    fake
      .playbacks()
      .find(
        (p) =>
          p.target_uri === `channel:${channelId}` &&
          p.state === "playing" &&
          media.said(p.media_uri) === text,
      ),
  );

const callRow = (channelId: string) =>
  db.call.findFirst({
    where: { tenantId: tenant.tenantId, provider: "ASTERISK", providerCallId: channelId },
  });

const ended = (channelId: string) =>
  eventually(async () => {
    const row = await callRow(channelId);
    return row?.endedAt ? row : null;
  });

/** Another extension of the test account, bound to a flow of its own. */
async function bindExtension(document: FlowDocument): Promise<string> {
  const extension = `8${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
  const { flowId } = await publishFlow(db, tenant.tenantId, document);
  const phone = await db.phoneNumber.create({
    data: { tenantId: tenant.tenantId, providerAccountId: tenant.providerAccountId, e164: extension },
  });
  await db.numberBinding.create({ data: { tenantId: tenant.tenantId, phoneNumberId: phone.id, flowId } });
  return extension;
}

/** The application hung the channel up (the flow's Hang up block). */
const hungUpBy = (channelId: string) =>
  eventually(async () =>
    fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${channelId}`),
  );

/** The logged input of a call (what a dial returned, the hangup), once the log writer has it. */
const inputOf = (callId: string, event: string) =>
  eventually(() =>
    db.callEvent.findFirst({
      where: { tenantId: tenant.tenantId, callId, type: "input", data: { path: ["event"], equals: event } },
    }),
  );

const nodesOf = async (callId: string) =>
  (
    await db.callEvent.findMany({
      where: { tenantId: tenant.tenantId, callId },
      orderBy: { seq: "asc" },
    })
  ).map((e) => e.nodeId);

/**
 * How a dialled leg ends: the PJSIP far end with its cause; a Local leg whose dialplan indicates busy or
 * congestion (only its Dial status says which: Asterisk destroys it with cause 0), or whose dialplan hangs up
 * with the cause after its Dial() (the `;1` half hears the cause in its hangup request and is destroyed with it).
 */
const LEG_ENDS = [
  ["PJSIP", "far end hangs up", 17, "busy"],
  ["PJSIP", "far end hangs up", 19, "no-answer"],
  ["PJSIP", "far end hangs up", 21, "busy"],
  ["PJSIP", "far end hangs up", 38, "failed"],
  ["Local", "dialplan indicates it", 17, "busy"],
  ["Local", "dialplan indicates it", 34, "failed"],
  ["Local", "dialplan hangs up", 17, "busy"],
  ["Local", "dialplan hangs up", 19, "no-answer"],
  ["Local", "dialplan hangs up", 18, "no-answer"],
  ["Local", "dialplan hangs up", 34, "failed"],
  ["Local", "dialplan hangs up", 3, "failed"],
] as const;
const ROW_STATUS = { busy: "BUSY", "no-answer": "NO_ANSWER", failed: "FAILED" } as const;

function endLeg(id: string, how: (typeof LEG_ENDS)[number][1], cause: number) {
  if (how === "dialplan hangs up") fake.endLocalDialplan(id, cause);
  else fake.failOutbound(id, cause);
}

describe("a call entering the Stasis application runs its extension's flow", () => {
  it("menu -> 2 -> an account number ending with # -> thanks -> hang up; the Call row and log as for Twilio", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550123", callerName: "Ann" });
    await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "2");
    await playing(channel, LINE.account);
    await fake.pressDigits(channel, "1234#", { gapMs: 20 });
    await waitHeard(channel, "Thank you, account 1234.");
    await hungUpBy(channel);
    const row = await ended(channel);
    expect(heard(channel)).toEqual([LINE.welcome, LINE.menu, LINE.account, "Thank you, account 1234."]);
    expect(row).toMatchObject({
      direction: "INBOUND",
      fromNumber: "+14155550123",
      toNumber: tenant.extension,
      flowId: tenant.flowId,
      flowVersionId: tenant.versionId,
      providerAccountId: tenant.providerAccountId,
    });
    expect(requestsOf(channel).map((r) => `${r.method} ${r.operation}`)).toContain("POST channels.answer");
    expect(
      requestsOf(channel)
        .map((r) => r.operation)
        .slice(-2),
    ).toEqual(["channels.playWithId", "channels.hangup"]);
    const nodes = await nodesOf(row.id);
    expect(nodes).toEqual(expect.arrayContaining(["welcome", "menu", "account", "thanks", "bye"]));
  });
});

describe("transfers on Asterisk: originate to the endpoint, bridge on answer, the outcome from the hangup cause", () => {
  const legOf = (channel: string) =>
    eventually(async () => fake.channels().find((c) => c.id.startsWith(`${channel}-dial-`) && c.ringing)?.id);

  it("a key pressed during the menu stops its prompt (barge-in); sales answers, is bridged, hangs up; the flow ends", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550124" });
    const menu = await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "1");
    await eventually(async () =>
      fake.requests.some((r) => r.method === "DELETE" && r.path === `/playbacks/${menu.id}`),
    );
    const leg = await legOf(channel);
    const originate = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${leg}`);
    expect(originate?.query).toMatchObject({
      endpoint: `PJSIP/${SALES}`,
      app: tenant.applicationName,
      timeout: "5",
    });
    // Ringback: once the leg rings the caller hears ringing, stopped before the bridge (else the fake reports it).
    await eventually(async () => fake.channels().find((c) => c.id === channel)?.ringIndicated);
    fake.answerOutbound(leg);
    const bridge = await eventually(async () =>
      fake.bridges().find((b) => b.channels.includes(channel) && b.channels.includes(leg)),
    );
    expect(bridge.bridge_type).toBe("mixing");
    const ringing = fake.requests
      .filter((r) => r.path === `/channels/${channel}/ring` || r.operation === "bridges.addChannel")
      .map((r) => r.operation);
    expect(ringing).toEqual(["channels.ring", "channels.ringStop", "bridges.addChannel"]);
    fake.hangup(leg);
    await hungUpBy(channel);
    const row = await ended(channel);
    expect(heard(channel)).toEqual([LINE.welcome, LINE.menu, LINE.connecting]);
    const dial = await inputOf(row.id, "dial.result");
    expect(dial?.data).toMatchObject({ status: "answered" });
  });

  it("busy: voicemail through a channel recording, ended by #, logged with the stored file's ARI address", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550125" });
    await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "1");
    fake.busy(await legOf(channel));
    await playing(channel, LINE.greeting);
    const record = await eventually(async () =>
      fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${channel}/record`),
    );
    expect(record.query).toMatchObject({
      format: "wav",
      beep: "true",
      terminateOn: "#",
      maxDurationSeconds: "30",
    });
    // Three ARI seconds of message, then the caller presses #.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await fake.pressDigits(channel, "#");
    await waitHeard(channel, LINE.saved);
    const row = await ended(channel);
    const recording = await eventually(() =>
      db.recording.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id } }),
    );
    expect(recording).toMatchObject({ kind: "voicemail", mailbox: "sales", status: "AVAILABLE" });
    expect(recording.url).toBe(`${fake.url}/ari/recordings/stored/${record.query.name}/file`);
    const file = await fetch(recording.url ?? "", {
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.username}:${fake.password}`).toString("base64")}`,
      },
    });
    expect(file.headers.get("content-type")).toBe("audio/wav");
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(44);

    // The recordings pipeline copies it as it copies Twilio's, then deletes the PBX's copy when allowed.
    await db.tenant.update({ where: { id: tenant.tenantId }, data: { deleteProviderRecordings: true } });
    const copyDeps = {
      db,
      store: new LocalObjectStore(await mkdtemp(path.join(tmpdir(), "ari-copy-"))),
      twilioApiBaseUrl: "http://127.0.0.1:9",
      pbxAllowNetworks: ["127.0.0.1"],
      limits: recordingLimitsSchema.parse({}),
    };
    const job = { tenantId: tenant.tenantId, recordingId: recording.id };
    expect(await runRecordingCopy(copyDeps, job)).toBe("copied");
    const copied = await db.recording.findFirstOrThrow({
      where: { id: recording.id, tenantId: tenant.tenantId },
    });
    expect(copied.copiedAt).not.toBeNull();
    expect(copied.providerDeletedAt).not.toBeNull();
    expect(fake.recordings().map((r) => r.name)).not.toContain(record.query.name);
    expect(fake.requests.at(-1)).toMatchObject({ method: "DELETE", operation: "recordings.deleteStored" });
  });

  it("nobody answers within the ring time: no answer, then voicemail; a caller silent there leaves nothing", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550126" });
    await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "1");
    await legOf(channel);
    // The fake rings for the originate's timeout (5 ARI seconds) and hangs up with cause 19.
    await playing(channel, LINE.greeting);
    fake.hangup(channel);
    const row = await ended(channel);
    const dial = await inputOf(row.id, "dial.result");
    expect(dial?.data).toMatchObject({ status: "no-answer" });
  });
});

describe("timeouts and hanging up", () => {
  it("no key within the menu's timeout, twice: the menu again, then goodbye", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550127" });
    await hungUpBy(channel);
    expect(heard(channel)).toEqual([LINE.welcome, LINE.menu, LINE.menu, LINE.goodbye]);
  });

  it("a caller who hangs up during a prompt ends the call: nothing more is played, the log says so", async () => {
    await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550128" });
    await playing(channel, LINE.welcome);
    fake.hangup(channel);
    const row = await ended(channel);
    expect(row.status).toBe("COMPLETED");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard(channel)).toEqual([LINE.welcome]);
    const status = await eventually(() =>
      db.callEvent.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, type: "call.status" } }),
    );
    expect(status.data).toMatchObject({ status: "completed" });
  });
});

describe("one process holds each connection", () => {
  it("another process takes a killed holder's lease, finds the caller in the application and continues", async () => {
    const first = await connected();
    const second = await runtime();
    const lease = new ConnectionLease(second.redis, ConnectionLease.keyOf(tenant.providerAccountId), "", 1);
    expect(await lease.holder()).toBe(first.owner);
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550129" });
    await playing(channel, LINE.menu);
    await first.kill();
    await eventually(async () => second.connections.connection(tenant.providerAccountId)?.connected);
    expect(await lease.holder()).toBe(second.owner);
    // The new holder plays the current turn's prompt again and takes the key.
    await eventually(async () => heard(channel).filter((t) => t === LINE.menu).length === 2);
    await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "2");
    await playing(channel, LINE.account);
    await fake.pressDigits(channel, "77#");
    await waitHeard(channel, "Thank you, account 77.");
    await hungUpBy(channel);
  });

  it("a holder killed mid-prompt: the new holder finds the prompt still playing and waits for it, not starting it again", async () => {
    const first = await connected();
    const second = await runtime();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550136" });
    const menu = await playing(channel, LINE.menu);
    // Held where it is (a long prompt), so it still plays when the other process takes over.
    const control = (operation: string) =>
      fetch(
        `${fake.url}/ari/playbacks/${encodeURIComponent(menu.id)}/control?operation=${operation}&api_key=${fake.username}:${fake.password}`,
        { method: "POST" },
      );
    expect((await control("pause")).status).toBe(204);
    await first.kill();
    await eventually(async () => second.connections.connection(tenant.providerAccountId)?.connected);
    await eventually(async () =>
      fake.requests.some(
        (r) => r.operation === "playbacks.get" && r.path.includes(encodeURIComponent(menu.id)),
      ),
    );
    expect((await control("unpause")).status).toBe(204);
    await eventually(async () => !fake.playbacks().some((p) => p.id === menu.id));
    // Heard once: the new holder waited for the playback the killed one had started, then took the key.
    await fake.pressDigits(channel, "2");
    await playing(channel, LINE.account);
    expect(heard(channel).filter((t) => t === LINE.menu)).toHaveLength(1);
    fake.hangup(channel);
    await ended(channel);
  });

  it("a holder killed while the flow's last prompt plays: the new holder lets it finish, hangs up and ends the row", async () => {
    const first = await connected();
    // The other process, waiting for the lease.
    await runtime();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550135" });
    await playing(channel, LINE.menu);
    await fake.pressDigits(channel, "2");
    await playing(channel, LINE.account);
    await fake.pressDigits(channel, "58#");
    // The flow has ended (thanks, then hang up): only the prompt and the hangup are still to be carried out.
    await playing(channel, "Thank you, account 58.");
    await first.kill();
    await eventually(async () => heard(channel).filter((t) => t === "Thank you, account 58.").length === 2);
    await hungUpBy(channel);
    const row = await eventually(async () => {
      const found = await callRow(channel);
      return found?.status === "COMPLETED" ? found : null;
    });
    expect(row.durationSeconds).not.toBeNull();
    expect(row.outcome).toBe("hangup");
  });

  it.each(["kill", "close"] as const)(
    "a holder that stops (%s) during an answered transfer through a Local channel: caller and target stay bridged, the new holder goes on",
    async (how) => {
      // A phone number goes out through the PBX's dialplan: a Local leg, whose `;2` half the application lists too.
      const extension = await bindExtension(asteriskLine("Local/5550100@from-internal"));
      const first = await connected();
      const second = await runtime();
      const channel = fake.callIn({ exten: extension, callerNumber: "+14155550133" });
      await playing(channel, LINE.menu);
      await fake.pressDigits(channel, "1");
      const leg = await eventually(async () =>
        fake.channels().find((c) => c.id.startsWith(`${channel}-dial-`) && c.ringing),
      );
      fake.answerOutbound(leg.id);
      const talking = () =>
        fake.bridges().some((b) => b.channels.includes(channel) && b.channels.includes(leg.id));
      await eventually(async () => talking());
      await first[how]();
      await eventually(async () => second.connections.connection(tenant.providerAccountId)?.connected);
      const originates = () =>
        fake.requests.filter((r) => r.method === "POST" && r.path.startsWith(`/channels/${channel}-dial-`));
      const before = originates().length;
      // Taken over (the new holder counted the application's channels): the leg is recognised, not dialled again.
      await eventually(async () => {
        const raw = await second.redis.hget(asteriskConnectionKey(tenant.providerAccountId), "state");
        const state = raw ? asteriskConnectionStateSchema.parse(JSON.parse(raw)) : null;
        return state?.owner === second.owner && (state.channels ?? 0) > 0;
      });
      expect(originates().length).toBe(before);
      // Neither the process that stopped nor the new holder ended the conversation or the leg's other half.
      expect(talking()).toBe(true);
      expect(fake.channels().map((c) => c.id)).toContain(`${leg.id};2`);
      const cut = fake.requests.filter(
        (r) => r.method === "DELETE" && (r.path.includes(`${channel}-bridge-`) || r.path.includes(leg.id)),
      );
      expect(cut).toEqual([]);
      fake.hangup(leg.id);
      await hungUpBy(channel);
      const row = await ended(channel);
      expect((await inputOf(row.id, "dial.result")).data).toMatchObject({ status: "answered" });
    },
  );

  it.each(LEG_ENDS)(
    "a transfer through %s, the %s with cause %i: %s; the caller heard ringing until then",
    async (tech, how, cause, status) => {
      const extension = await bindExtension(
        asteriskLine(tech === "PJSIP" ? "PJSIP/6005" : "Local/5550101@from-internal"),
      );
      await connected();
      const channel = fake.callIn({ exten: extension, callerNumber: "+14155550134" });
      await playing(channel, LINE.menu);
      await fake.pressDigits(channel, "1");
      const leg = await eventually(async () =>
        fake.channels().find((c) => c.id.startsWith(`${channel}-dial-`) && c.ringing),
      );
      await eventually(async () => fake.channels().find((c) => c.id === channel)?.ringIndicated);
      endLeg(leg.id, how, cause);
      await playing(channel, status === "failed" ? LINE.failed : LINE.greeting);
      // The ringing stopped before the next prompt.
      const order = requestsOf(channel)
        .filter((r) => r.path === `/channels/${channel}/ring` || r.operation === "channels.playWithId")
        .map((r) => r.operation);
      expect(order.slice(-3)).toEqual(["channels.ring", "channels.ringStop", "channels.playWithId"]);
      expect(fake.channels().find((c) => c.id === channel)?.ringIndicated).toBe(false);
      fake.hangup(channel);
      const row = await ended(channel);
      expect((await inputOf(row.id, "dial.result")).data).toMatchObject({ status });
      const destroyed = fake
        .events()
        .map((sent) => sent.event)
        .find((e) => e.type === "ChannelDestroyed" && (e.channel as { id: string }).id === leg.id);
      expect(destroyed).toMatchObject({ cause: how === "dialplan indicates it" ? 0 : cause });
    },
  );

  it("the socket drops: reconnecting, then connected again (the state the API shows), and calls still come in", async () => {
    const holder = await connected();
    const key = asteriskConnectionKey(tenant.providerAccountId);
    const state = async () => {
      const raw = await holder.redis.hget(key, "state");
      return raw ? asteriskConnectionStateSchema.parse(JSON.parse(raw)) : null;
    };
    expect(await state()).toMatchObject({ state: "connected", owner: holder.owner });
    // Each connect asks Asterisk for the events the adapter handles only.
    const filters = () =>
      fake.requests.filter(
        (r) =>
          r.operation === "applications.filter" &&
          r.path === `/applications/${tenant.applicationName}/eventFilter`,
      );
    await eventually(async () => filters().length > 0);
    const before = filters().length;
    fake.dropConnections();
    await eventually(async () => (await state())?.state === "reconnecting");
    await eventually(async () => (await state())?.state === "connected" && fake.connections() === 1);
    await eventually(async () => filters().length === before + 1);
    expect(filters().at(-1)?.body).toEqual({ allowed: HANDLED_ARI_EVENTS.map((type) => ({ type })) });
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550130" });
    await playing(channel, LINE.menu);
    fake.hangup(channel);
    await ended(channel);
    // The prompt started (Asterisk raised PlaybackStarted), and the event never crossed to the runtime.
    const sent = fake.events().filter((e) => e.application === tenant.applicationName);
    expect(sent.some((e) => e.event.type === "StasisStart")).toBe(true);
    expect(sent.filter((e) => !HANDLED_ARI_EVENTS.includes(e.event.type as never))).toEqual([]);
  });

  it("Asterisk restarts: its calls are gone and end in the log; the application is started again", async () => {
    const holder = await connected();
    const channel = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550131" });
    await playing(channel, LINE.menu);
    await fake.restart({ downMs: 300 });
    const row = await ended(channel);
    expect(row.status).toBe("COMPLETED");
    await eventually(
      async () =>
        holder.connections.connection(tenant.providerAccountId)?.connected && fake.connections() === 1,
    );
    const next = fake.callIn({ exten: tenant.extension, callerNumber: "+14155550132" });
    await playing(next, LINE.menu);
    fake.hangup(next);
    await ended(next);
  });
});

describe("outbound calls the API places through ARI", () => {
  /** What the API does: the Call row first, then POST /channels with the row's channel id. */
  async function placeCall(to: string, endpoint = `PJSIP/${to}`) {
    const channelId = `out-${randomBytes(6).toString("hex")}`;
    const row = await db.call.create({
      data: {
        tenantId: tenant.tenantId,
        provider: "ASTERISK",
        providerCallId: channelId,
        providerAccountId: tenant.providerAccountId,
        flowId: tenant.flowId,
        flowVersionId: tenant.versionId,
        direction: "OUTBOUND",
        fromNumber: tenant.extension,
        toNumber: to,
        status: "QUEUED",
      },
    });
    const query = new URLSearchParams({
      endpoint,
      app: tenant.applicationName,
      appArgs: "ringflow:outbound",
      callerId: tenant.extension,
      timeout: "10",
    });
    const response = await fetch(`${fake.url}/ari/channels/${channelId}?${query}`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.username}:${fake.password}`).toString("base64")}`,
      },
    });
    expect(response.status).toBe(200);
    return { channelId, row };
  }

  it("answered: the channel enters the application and runs the row's flow version; the row is the call's", async () => {
    await connected();
    const { channelId, row } = await placeCall("6002");
    await eventually(async () => fake.channels().find((c) => c.id === channelId && c.ringing));
    fake.answerOutbound(channelId);
    await playing(channelId, LINE.menu);
    fake.hangup(channelId);
    const done = await ended(channelId);
    expect(done.id).toBe(row.id);
    expect(done).toMatchObject({ direction: "OUTBOUND", status: "COMPLETED", toNumber: "6002" });
    expect(heard(channelId)).toEqual([LINE.welcome, LINE.menu]);
  });

  it.each(LEG_ENDS)(
    "placed through %s, the %s with cause %i: it never enters the application; its row ends %s",
    async (tech, how, cause, status) => {
      await connected();
      const endpoint = tech === "PJSIP" ? "PJSIP/6002" : "Local/6002@from-internal";
      const { channelId, row } = await placeCall("6002", endpoint);
      await eventually(async () => fake.channels().find((c) => c.id === channelId && c.ringing));
      endLeg(channelId, how, cause);
      const done = await eventually(async () => {
        const found = await db.call.findFirst({ where: { id: row.id, tenantId: tenant.tenantId } });
        return found?.endedAt ? found : null;
      });
      expect(done.status).toBe(ROW_STATUS[status]);
    },
  );
});

describe("whole-call recording and hold music", () => {
  /** A slow service: its answer comes after the inline time, so the caller waits with music on hold. */
  let service: Server;
  let serviceUrl = "";
  beforeAll(async () => {
    service = createServer((_req, res) =>
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), 1200),
    );
    await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
    serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => service.close(() => resolve())));

  it("consent given, the call is recorded through a snoop channel; a slow request plays hold music; the recording is logged", async () => {
    const extension = await bindExtension(
      buildFlow({
        name: "Recorded line",
        nodes: {
          start: ["start", { accepts: ["inbound"] }],
          consent: [
            "recordingConsent",
            {
              announcement: { type: "say", text: { "en-US": "This call is recorded." } },
              requirement: "always",
              askToAgree: false,
            },
          ],
          record: ["startRecording", { channels: "mono" }],
          lookup: [
            "httpRequest",
            { method: "GET", url: `${serviceUrl}/slow`, headers: [], responseMapping: [] },
          ],
          done: say("Done."),
          bye: ["hangup", {}],
        },
        edges: [
          ["start", "inbound", "consent"],
          ["consent", "consented", "record"],
          ["consent", "declined", "lookup"],
          ["record", "next", "lookup"],
          ["lookup", "success", "done"],
          ["lookup", "error", "done"],
          ["done", "next", "bye"],
        ],
      }),
    );
    const started = await startAsteriskProcess({
      redisKeyPrefix: prefix,
      tenantIds: [tenant.tenantId],
      media,
      httpAllowHosts: ["127.0.0.1"],
    });
    processes.push(started);
    await eventually(async () => started.connections.connection(tenant.providerAccountId)?.connected);

    const channel = fake.callIn({ exten: extension, callerNumber: "+14155550140" });
    const snoop = await eventually(async () => fake.channels().find((c) => c.snoopOf === channel));
    await eventually(async () =>
      fake.requests.some((r) => r.method === "POST" && r.path === `/channels/${snoop.id}/record`),
    );
    const moh = await eventually(async () =>
      fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${channel}/moh`),
    );
    expect(moh.query).toMatchObject({ mohClass: "default" });
    await eventually(async () =>
      fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${channel}/moh`),
    );
    await waitHeard(channel, "Done.");
    await hungUpBy(channel);
    const row = await ended(channel);
    const recording = await eventually(async () => {
      const found = await db.recording.findFirst({
        where: { tenantId: tenant.tenantId, callId: row.id, kind: "call" },
      });
      return found?.status === "AVAILABLE" ? found : null;
    });
    expect(recording.url).toMatch(new RegExp(`^${fake.url}/ari/recordings/stored/.+/file$`));
    expect(recording.consentRecordId).not.toBeNull();
  });
});

describe("queues on Asterisk: the caller waits in a holding bridge, an agent rung through the PBX answers", () => {
  /** A runtime process that also runs the queue engine's runner, connected, with the tenant's queues synced. */
  async function queueProcess(): Promise<AsteriskProcess> {
    const started = await startAsteriskProcess({
      redisKeyPrefix: prefix,
      tenantIds: [tenant.tenantId],
      media,
      queues: true,
    });
    processes.push(started);
    await syncTenant(db, started.engine, tenant.tenantId);
    await eventually(async () => started.connections.connection(tenant.providerAccountId)?.connected);
    return started;
  }

  /** A caller of a queue line bridged with agent Dana's leg (rung through the PBX, answered). */
  async function bridgedWithAgent(callerNumber: string) {
    const queueName = `sales-${randomBytes(3).toString("hex")}`;
    const extension = await bindExtension(
      buildFlow({
        name: "Queue line",
        nodes: {
          start: ["start", { accepts: ["inbound"] }],
          queue: ["enqueue", { queue: queueName, maxWaitSeconds: 60 }],
          after: say("Thanks for talking to us."),
          sorry: say("Everyone is busy."),
          bye: ["hangup", {}],
        },
        edges: [
          ["start", "inbound", "queue"],
          ["queue", "bridged", "after"],
          ["queue", "overflow", "sorry"],
          ["queue", "callback", "sorry"],
          ["after", "next", "bye"],
          ["sorry", "next", "bye"],
        ],
      }),
    );
    const queue = await db.queue.create({
      data: { tenantId: tenant.tenantId, name: queueName, wrapUpSeconds: 1, ringTimeoutSeconds: 15 },
    });
    const agent = await db.agent.create({
      data: {
        tenantId: tenant.tenantId,
        displayName: "Dana",
        extension: `${SALES}${randomBytes(2).toString("hex")}`,
        endpoints: { create: [{ tenantId: tenant.tenantId, kind: "SIP", address: SALES }] },
        queues: { create: [{ tenantId: tenant.tenantId, queueId: queue.id }] },
      },
    });
    const started = await queueProcess();
    await started.engine.setAgentState(tenant.tenantId, agent.id, { state: "available" });

    const channel = fake.callIn({ exten: extension, callerNumber });
    // Music on hold in a holding bridge while the agent rings.
    await eventually(async () =>
      fake
        .bridges()
        .find((b) => b.bridge_type === "holding" && b.channels.includes(channel) && b.moh === "default"),
    );
    const leg = await eventually(async () =>
      fake.channels().find((c) => c.id.startsWith("ringflow-agent.") && c.ringing),
    );
    const originate = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${leg.id}`);
    expect(originate?.query).toMatchObject({ endpoint: `PJSIP/${SALES}`, app: tenant.applicationName });
    // The INVITE names the call, so the agent's browser phone takes it (sip-phone.ts reads this header).
    const row = await eventually(() => callRow(channel));
    expect(originate?.body).toEqual({ variables: { "PJSIP_HEADER(add,X-Ringflow-Call-Id)": row.id } });
    fake.answerOutbound(leg.id);
    await eventually(async () => bridgedTogether(channel, leg.id));
    return { channel, leg: leg.id, queue, agent, started };
  }

  const bridgedTogether = (a: string, b: string) =>
    fake
      .bridges()
      .find((x) => x.bridge_type === "mixing" && x.channels.includes(a) && x.channels.includes(b));

  /** The desktop's call controls on the caller's call, as the jobs process runs them. */
  async function control(started: AsteriskProcess, channel: string, command: CallControlJob["command"]) {
    const wiring = queueWiring({
      db,
      redis: started.redis,
      keyPrefix: prefix,
      clock: Date.now,
      logger: createLogger("test"),
      publicUrl: "https://voice.control.example",
      twilioApiBaseUrl: "http://127.0.0.1:9",
      pbxAllowNetworks: ["127.0.0.1"],
    });
    const row = await eventually(() => callRow(channel));
    const deps = {
      db,
      calls: wiring.calls,
      queues: wiring.queues,
      urls: wiring.urls,
      holdMusicUrl: "https://cdn.example/hold.mp3",
      twilioApiBaseUrl: "http://127.0.0.1:9",
      clock: Date.now,
      pbxAllowNetworks: ["127.0.0.1"],
    };
    const job = { requestId: randomUUID(), tenantId: tenant.tenantId, callId: row.id };
    return runCallControlJob(deps, {
      ...job,
      requestedBy: { userId: "u" },
      requestedAt: Date.now(),
      command,
    });
  }

  it("the agent's leg answers, is bridged with the caller, hangs up: the flow goes on by the Bridged exit", async () => {
    const { channel, leg, queue, agent } = await bridgedWithAgent("+14155550150");
    fake.hangup(leg);
    await waitHeard(channel, "Thanks for talking to us.");
    await hungUpBy(channel);
    const row = await ended(channel);
    expect(row.agentId).toBe(agent.id);
    expect(row.queueId).toBe(queue.id);
  });

  it("a caller waiting with nobody free hears their place in line over the hold music", async () => {
    const queueName = `empty-${randomBytes(3).toString("hex")}`;
    const extension = await bindExtension(
      buildFlow({
        name: "Waiting line",
        nodes: {
          start: ["start", { accepts: ["inbound"] }],
          queue: ["enqueue", { queue: queueName, maxWaitSeconds: 60, announcePosition: true }],
          bye: ["hangup", {}],
        },
        edges: [
          ["start", "inbound", "queue"],
          ["queue", "bridged", "bye"],
          ["queue", "overflow", "bye"],
          ["queue", "callback", "bye"],
        ],
      }),
    );
    await db.queue.create({ data: { tenantId: tenant.tenantId, name: queueName } });
    await queueProcess();
    const channel = fake.callIn({ exten: extension, callerNumber: "+14155550154" });
    await waitHeard(channel, "You are number 1 in line.");
    expect(
      fake
        .bridges()
        .some((b) => b.bridge_type === "holding" && b.channels.includes(channel) && b.moh === "default"),
    ).toBe(true);
    fake.hangup(channel);
    await ended(channel);
  });

  it("a caller who asks for a callback hears their number read back and may give another", async () => {
    const queueName = `callback-${randomBytes(3).toString("hex")}`;
    const extension = await bindExtension(
      buildFlow({
        name: "Callback line",
        nodes: {
          start: ["start", { accepts: ["inbound"] }],
          queue: [
            "enqueue",
            { queue: queueName, maxWaitSeconds: 60, announcePosition: true, offerCallback: true },
          ],
          later: ["say", { text: { "en-US": "We will call you back." } }],
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
    await db.queue.create({ data: { tenantId: tenant.tenantId, name: queueName } });
    await queueProcess();
    const channel = fake.callIn({ exten: extension, callerNumber: "+14155550156" });
    await waitHeard(channel, "Press 1 to keep your place in line and be called back.");
    await fake.pressDigits(channel, "1");
    await waitHeard(
      channel,
      "We will call you back at 4 1 5, 5 5 5, 0 1 5 6. Press 1 to confirm, or 2 to enter another number.",
    );
    await fake.pressDigits(channel, "2");
    await waitHeard(channel, "Enter the number to call you back on, then press the pound key.");
    // A number in a country the workspace does not call is refused; one of its own country is read back.
    await fake.pressDigits(channel, "442071838750#");
    await waitHeard(channel, "Sorry, we cannot call that number back.");
    await fake.pressDigits(channel, "6505550157#");
    await waitHeard(
      channel,
      "We will call you back at 6 5 0, 5 5 5, 0 1 5 7. Press 1 to confirm, or 2 to enter another number.",
    );
    await fake.pressDigits(channel, "1");
    await waitHeard(channel, "We will call you back.");
    const row = await ended(channel);
    expect(row).toMatchObject({ queueOutcome: "callback", callbackNumber: "+16505550157" });
  });

  it("a held caller whose agent hangs up: the music stops and the flow goes on", async () => {
    const { channel, leg, started } = await bridgedWithAgent("+14155550151");
    expect(await control(started, channel, { action: "hold" })).toMatchObject({ ok: true });
    expect(fake.channels().find((c) => c.id === channel)?.moh).toBe("default");
    fake.hangup(leg);
    await waitHeard(channel, "Thanks for talking to us.");
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${channel}/moh`)).toBe(
      true,
    );
    await hungUpBy(channel);
  });

  it("a transfer to another queue: the caller waits again in a holding bridge with music, not sent on in the flow", async () => {
    const { channel, leg, started } = await bridgedWithAgent("+14155550153");
    const other = await db.queue.create({
      data: { tenantId: tenant.tenantId, name: `billing-${randomBytes(3).toString("hex")}` },
    });
    await syncTenant(db, started.engine, tenant.tenantId);
    expect(
      await control(started, channel, { action: "transfer", target: { kind: "queue", queueId: other.id } }),
    ).toMatchObject({ ok: true });
    await eventually(async () => !fake.channels().some((c) => c.id === leg));
    await eventually(async () =>
      fake
        .bridges()
        .find((b) => b.bridge_type === "holding" && b.channels.includes(channel) && b.moh === "default"),
    );
    expect(heard(channel)).not.toContain("Thanks for talking to us.");
    fake.hangup(channel);
    const row = await ended(channel);
    expect(row.queueId).toBe(other.id);
  });

  // The caller's loop may follow the target's leg only after the target hung up (a loaded machine): the flow goes
  // on all the same (Asterisk refuses to add a leg that is gone).
  it("a blind transfer to a number: the caller stays with the person it was transferred to, until they hang up", async () => {
    const { channel, leg, started } = await bridgedWithAgent("+14155550152");
    expect(
      await control(started, channel, {
        action: "transfer",
        target: { kind: "number", number: "+14155550123" },
      }),
    ).toMatchObject({ ok: true });
    const target = await eventually(async () =>
      fake.channels().find((c) => c.id.startsWith(`${channel}-cc-`) && c.ringing),
    );
    fake.answerOutbound(target.id);
    await eventually(async () => !fake.channels().some((c) => c.id === leg));
    await eventually(async () => bridgedTogether(channel, target.id));
    const before = fake.requests.length;
    fake.hangup(target.id);
    await waitHeard(channel, "Thanks for talking to us.");
    await hungUpBy(channel);
    // The caller was let go only once the person they were transferred to had hung up.
    const cut = fake.requests.findIndex((r) => r.method === "DELETE" && r.path === `/channels/${channel}`);
    expect(cut).toBeGreaterThanOrEqual(before);
    expect(heard(channel).filter((t) => t === "Thanks for talking to us.")).toHaveLength(1);
  });
});

describe("connections that cannot be made say why, in words, for the account's owner", () => {
  const refusedState = async (options: { password: string; allowNetworks: string[] }) => {
    const other = await seedAsteriskTenant(
      db,
      {
        url: fake.url,
        username: fake.username,
        password: options.password,
        applicationName: "ringflow-refused",
      },
      asteriskLine(SALES),
    );
    const started = await startAsteriskProcess({
      redisKeyPrefix: prefix,
      tenantIds: [other.tenantId],
      media,
      allowNetworks: options.allowNetworks,
    });
    processes.push(started);
    return eventually(async () => {
      const raw = await started.redis.hget(asteriskConnectionKey(other.providerAccountId), "state");
      const state = raw ? asteriskConnectionStateSchema.parse(JSON.parse(raw)) : null;
      return state?.state === "refused" ? state : null;
    });
  };

  it("a wrong ARI password", async () => {
    const state = await refusedState({ password: "not-the-password", allowNetworks: ["127.0.0.1"] });
    expect(state.reason).toBe("Asterisk refused the ARI user name or password.");
  });

  it("an address on a private network the operator has not allowed (PBX_ALLOW_NETWORKS)", async () => {
    const state = await refusedState({ password: fake.password, allowNetworks: [] });
    expect(state.reason).toMatch(/^Ringflow may not connect to this address: .*PBX_ALLOW_NETWORKS/);
    expect(fake.requests.filter((r) => r.path === "/events" && r.status === 401)).toEqual([]);
  });
});
