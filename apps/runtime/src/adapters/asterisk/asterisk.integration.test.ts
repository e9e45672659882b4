/**
 * The Asterisk adapter against a real Asterisk (22): runs when ARI_URL, ARI_USER and ARI_PASSWORD are set,
 * otherwise it is skipped and says so at the end of `npm test`. Against your own Asterisk:
 *
 *   ARI_URL=http://127.0.0.1:8088 ARI_USER=ringflow ARI_PASSWORD=… npm test -- --filter=@ringflow/runtime -- asterisk.integration
 *
 * What the PBX needs (docs/asterisk.md describes the same): ARI enabled for that user; an application name
 * (ARI_APP, default "ringflow") that nothing else uses while the suite runs; res_http_media_cache (prompts are
 * fetched from this machine's media route on 127.0.0.1, so Asterisk must run here or reach it); the `beep` and
 * `tt-monkeys` sounds; and two dialplan contexts:
 *
 *   [ringflow-in]                          ; ARI_INBOUND_CONTEXT: callers enter the application
 *   exten => _X.,1,Stasis(ringflow,${EXTEN})
 *    same => n,Hangup()
 *   [ringflow-test]                        ; ARI_TEST_CONTEXT: transfer targets
 *   exten => answer,1,Answer()
 *    same => n,Wait(3600)
 *
 * A call is a Local channel pair: `;2` runs the dialplan and enters the application with the extension as its
 * argument; `;1` stays with the test (its own ARI application), which hears nothing but sends DTMF and audio.
 */
import ari, { type Client } from "ari-client";
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { asteriskConnectionKey, asteriskConnectionStateSchema } from "@ringflow/flow-schema";
import { noteSkippedSuite } from "@ringflow/platform";
import { RedisCallStore } from "../../calls/call-store.ts";
import {
  seedAsteriskTenant,
  spokenMedia,
  startAsteriskProcess,
  type AsteriskProcess,
  type AsteriskTenant,
  type SpokenMedia,
} from "../../testing/asterisk-runtime.ts";
import { startLogWriter } from "../../testing/runtime-instance.ts";
import { eventually } from "../../testing/seed.ts";
import { say } from "./asterisk-flow-fixture.ts";

const { ARI_URL, ARI_USER, ARI_PASSWORD } = process.env;
const APP = process.env.ARI_APP ?? "ringflow";
const INBOUND = process.env.ARI_INBOUND_CONTEXT ?? "ringflow-in";
const TEST_CONTEXT = process.env.ARI_TEST_CONTEXT ?? "ringflow-test";
/** The SIP case: the PJSIP endpoint sipp calls from (identified by 127.0.0.1) and the application its context enters. */
const SIPP_ENDPOINT = process.env.ARI_SIPP_ENDPOINT ?? "sipp";
const SIPP_APP = process.env.ARI_SIPP_APP ?? "ringflow";
const SIPP_TARGET = process.env.ARI_SIPP_TARGET ?? "127.0.0.1:5060";
const sippFound = spawnSync("sipp", ["-v"]).error === undefined;
const enabled = !!(ARI_URL && ARI_USER && ARI_PASSWORD);
const SUITE = "Asterisk adapter against a real Asterisk";
if (!enabled)
  noteSkippedSuite(
    SUITE,
    "ARI_URL, ARI_USER and ARI_PASSWORD are not set, so no real Asterisk was called",
    "ARI_URL=http://127.0.0.1:8088 ARI_USER=<ari user> ARI_PASSWORD=<password> npm test -- --filter=@ringflow/runtime -- asterisk.integration",
  );

/** Menu: 1 transfers to the test context's answering extension, then takes a message; 2 an account number. */
const line = buildFlow({
  name: "Real Asterisk line",
  variables: [{ name: "account", type: "string", default: "" }],
  nodes: {
    start: ["start", { accepts: ["inbound"] }],
    menu: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "For sales press 1. For your account press 2." } },
        options: [
          { id: "sales", label: "Sales", dtmf: "1" },
          { id: "account", label: "Account", dtmf: "2" },
        ],
        timeoutSeconds: 10,
        retries: 1,
      },
    ],
    transfer: [
      "transfer",
      { target: { type: "agent", value: `Local/answer@${TEST_CONTEXT}` }, timeoutSeconds: 20, record: false },
    ],
    voicemail: [
      "voicemail",
      {
        greeting: { type: "say", text: { "en-US": "Leave a message." } },
        mailbox: "sales",
        maxLengthSeconds: 20,
        playBeep: true,
        finishOnKey: "#",
      },
    ],
    account: [
      "collect",
      {
        prompt: { type: "say", text: { "en-US": "Enter your account number, then press pound." } },
        variable: "account",
        minLength: 1,
        maxLength: 8,
        finishOnKey: "#",
        timeoutSeconds: 10,
        retries: 0,
      },
    ],
    thanks: say("Thank you."),
    failed: say("That did not work."),
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "menu"],
    ["menu", "sales", "transfer"],
    ["menu", "account", "account"],
    ["menu", "noInput", "bye"],
    ["menu", "noMatch", "bye"],
    ["transfer", "answered", "voicemail"],
    ["transfer", "noAnswer", "failed"],
    ["transfer", "busy", "failed"],
    ["transfer", "failed", "failed"],
    ["voicemail", "recorded", "thanks"],
    ["voicemail", "empty", "failed"],
    ["account", "valid", "thanks"],
    ["account", "noInput", "failed"],
    ["account", "invalid", "failed"],
    ["thanks", "next", "bye"],
    ["failed", "next", "bye"],
  ],
});

describe.skipIf(!enabled)(SUITE, () => {
  const db = createDb(testDatabaseUrl(), { max: 4 });
  const prefix = `${process.env.REDIS_KEY_PREFIX ?? ""}ari-real-${randomBytes(3).toString("hex")}:`;
  const driverApp = `ringflow-it-driver-${randomBytes(3).toString("hex")}`;
  const allowNetworks = [new URL(ARI_URL ?? "http://127.0.0.1").host, "127.0.0.1"];
  let driver: Client;
  let media: SpokenMedia;
  let tenant: AsteriskTenant;
  let logWriter: { close(): Promise<void> };
  const processes: AsteriskProcess[] = [];

  beforeAll(async () => {
    driver = await ari.connect(ARI_URL as string, ARI_USER as string, ARI_PASSWORD as string);
    await driver.start(driverApp);
    media = await spokenMedia(db);
    tenant = await seedAsteriskTenant(
      db,
      {
        url: ARI_URL as string,
        username: ARI_USER as string,
        password: ARI_PASSWORD as string,
        applicationName: APP,
      },
      line,
      "4242",
    );
    logWriter = await startLogWriter(db, prefix);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.close()));
    driver?.stop();
    await logWriter?.close();
    await media?.close();
    await db.$disconnect();
  });

  afterEach(async () => {
    await Promise.all(processes.map((p) => p.close()));
    processes.length = 0;
  });

  const runtime = async () => {
    const started = await startAsteriskProcess({
      redisKeyPrefix: prefix,
      tenantIds: [tenant.tenantId],
      media,
      allowNetworks,
      leaseMs: 2000,
    });
    processes.push(started);
    return started;
  };
  const connectedRuntime = async () => {
    const started = await runtime();
    await eventually(async () => started.connections.connection(tenant.providerAccountId)?.connected, 15_000);
    return started;
  };

  /** A caller dials the extension: the driver's leg (;1) and the application's channel (;2). */
  async function dialIn(): Promise<{ caller: string; channel: string }> {
    const caller = `it-${randomBytes(4).toString("hex")}`;
    const channel = `${caller}-in`;
    await driver.channels.originateWithId({
      channelId: caller,
      otherChannelId: channel,
      endpoint: `Local/${tenant.extension}@${INBOUND}`,
      app: driverApp,
      callerId: "Integration <+14155550142>",
    });
    return { caller, channel };
  }

  /** Where the flow waits now, from the call's state in Redis. */
  async function waitingAt(channel: string, nodeId: string, redis = processes.at(-1)?.redis) {
    const store = new RedisCallStore(redis as NonNullable<typeof redis>, prefix);
    return eventually(async () => {
      const { record } = await store.load({ account: tenant.providerAccountId, id: channel });
      return record && !record.ended && record.state.waiting?.nodeId === nodeId ? record : null;
    }, 20_000);
  }

  const ended = (channel: string) =>
    eventually(async () => {
      const row = await db.call.findFirst({
        where: { tenantId: tenant.tenantId, provider: "ASTERISK", providerCallId: channel },
      });
      // Ended by the flow, then the channel's end reported (its status).
      return row?.endedAt && row.status !== "IN_PROGRESS" ? row : null;
    }, 20_000);

  const pathOf = async (callId: string) =>
    (await db.callEvent.findMany({ where: { tenantId: tenant.tenantId, callId }, orderBy: { seq: "asc" } }))
      .map((e) => e.nodeId)
      .filter(Boolean);

  it("a Local channel enters Stasis, hears the menu, DTMF from the other leg takes 1, is transferred, leaves a message, hangs up", async () => {
    await connectedRuntime();
    const { caller, channel } = await dialIn();
    await waitingAt(channel, "menu");
    await driver.channels.sendDTMF({ channelId: caller, dtmf: "1" });
    await waitingAt(channel, "transfer");
    const leg = await eventually(async () => {
      const bridges = (await driver.bridges.list()) as { channels: string[] }[];
      return bridges.find((b) => b.channels.includes(channel))?.channels.find((id) => id !== channel);
    }, 20_000);
    // The far end hangs up after a moment on the line; the flow takes a message.
    await driver.channels.hangup({ channelId: leg });
    await waitingAt(channel, "voicemail");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await driver.channels.play({ channelId: caller, media: "sound:tt-monkeys" });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await driver.channels.sendDTMF({ channelId: caller, dtmf: "#" });
    const row = await ended(channel);
    expect(row.status).toBe("COMPLETED");
    expect(await pathOf(row.id)).toEqual(
      expect.arrayContaining(["menu", "transfer", "voicemail", "thanks", "bye"]),
    );
    const recording = await eventually(() =>
      db.recording.findFirst({ where: { tenantId: tenant.tenantId, callId: row.id, kind: "voicemail" } }),
    );
    expect(recording.url).toMatch(/\/ari\/recordings\/stored\/.+\/file$/);
    const file = await fetch(recording.url ?? "", {
      headers: { authorization: `Basic ${Buffer.from(`${ARI_USER}:${ARI_PASSWORD}`).toString("base64")}` },
    });
    expect(file.status).toBe(200);
  }, 90_000);

  it.each(["kill", "close"] as const)(
    "a call bridged to a transfer target while its holder stops (%s): caller and target stay bridged, the other process goes on",
    async (how) => {
      const first = await connectedRuntime();
      const second = await runtime();
      const { caller, channel } = await dialIn();
      await waitingAt(channel, "menu", second.redis);
      await driver.channels.sendDTMF({ channelId: caller, dtmf: "1" });
      const talking = async () => {
        const bridges = (await driver.bridges.list()) as { channels: string[] }[];
        return bridges.find((b) => b.channels.includes(channel) && b.channels.length === 2)?.channels;
      };
      const leg = (await eventually(talking, 20_000)).find((id) => id !== channel) as string;
      await first[how]();
      // The other process took the connection over and counted the application's channels.
      await eventually(async () => {
        const raw = await second.redis.hget(asteriskConnectionKey(tenant.providerAccountId), "state");
        const state = raw ? asteriskConnectionStateSchema.parse(JSON.parse(raw)) : null;
        return state?.owner === second.owner && (state.channels ?? 0) > 0;
      }, 20_000);
      await waitingAt(channel, "transfer", second.redis);
      expect(await talking()).toEqual(expect.arrayContaining([channel, leg]));
      const channels = ((await driver.channels.list()) as { id: string }[]).map((c) => c.id);
      expect(channels).toEqual(expect.arrayContaining([leg, `${leg};2`]));
      // The target hangs up: the flow goes on (a message) on the other process.
      await driver.channels.hangup({ channelId: leg });
      await waitingAt(channel, "voicemail", second.redis);
      await driver.channels.hangup({ channelId: caller });
      const row = await ended(channel);
      expect(await pathOf(row.id)).toEqual(expect.arrayContaining(["menu", "transfer", "voicemail"]));
    },
    90_000,
  );

  it("a SIP call from sipp (chan_pjsip) enters Stasis, hears the menu, hangs up; the call is logged", async (ctx) => {
    if (!sippFound) ctx.skip("sipp (Debian's sip-tester) is not installed, so no SIP call was made");
    const endpoints = (await driver.endpoints.list()) as { technology: string; resource: string }[];
    if (!endpoints.some((e) => e.technology === "PJSIP" && e.resource === SIPP_ENDPOINT))
      ctx.skip(
        `this Asterisk has no chan_pjsip endpoint "${SIPP_ENDPOINT}" for sipp, so no SIP call was made`,
      );
    // The endpoint's context enters its own application (ARI_SIPP_APP): a tenant of its own listens there.
    const sipTenant = await seedAsteriskTenant(
      db,
      {
        url: ARI_URL as string,
        username: ARI_USER as string,
        password: ARI_PASSWORD as string,
        applicationName: SIPP_APP,
      },
      line,
      "4343",
    );
    const started = await startAsteriskProcess({
      redisKeyPrefix: prefix,
      tenantIds: [sipTenant.tenantId],
      media,
      allowNetworks,
      leaseMs: 2000,
    });
    processes.push(started);
    await eventually(
      async () => started.connections.connection(sipTenant.providerAccountId)?.connected,
      15_000,
    );
    // sipp's own caller: INVITE (PCMU), ACK once answered, 4 s on the line, BYE.
    const sipp = await promisify(execFile)(
      "sipp",
      [
        SIPP_TARGET,
        "-sn",
        "uac",
        "-s",
        "4343",
        "-i",
        "127.0.0.1",
        "-p",
        "5070",
        "-m",
        "1",
        "-l",
        "1",
        "-d",
        "4000",
        "-nostdin",
        "-timeout",
        "30",
      ],
      { timeout: 40_000 },
    );
    // sipp exits 0 only when its call went through to the BYE's answer.
    expect(sipp.stderr).not.toMatch(/failed/i);
    const row = await eventually(async () => {
      const found = await db.call.findFirst({
        where: { tenantId: sipTenant.tenantId, provider: "ASTERISK" },
      });
      return found?.endedAt && found.status !== "IN_PROGRESS" ? found : null;
    }, 20_000);
    expect(row.providerCallId).toBeTruthy();
    expect(row.status).toBe("COMPLETED");
    const nodes = (
      await db.callEvent.findMany({
        where: { tenantId: sipTenant.tenantId, callId: row.id },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.nodeId);
    expect(nodes).toContain("menu");
  }, 90_000);

  it("the process holding the connection is killed mid-call; the other takes it over and the call goes on", async () => {
    const first = await connectedRuntime();
    const second = await runtime();
    const { caller, channel } = await dialIn();
    await waitingAt(channel, "menu", second.redis);
    await first.kill();
    await eventually(async () => second.connections.connection(tenant.providerAccountId)?.connected, 20_000);
    await driver.channels.sendDTMF({ channelId: caller, dtmf: "2" });
    await waitingAt(channel, "account", second.redis);
    await driver.channels.sendDTMF({ channelId: caller, dtmf: "123#", between: 150 });
    const row = await ended(channel);
    expect(await pathOf(row.id)).toEqual(expect.arrayContaining(["menu", "account", "thanks", "bye"]));
  }, 90_000);
});
