import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { asteriskConnectionKey, asteriskConnectionStateSchema } from "@ringflow/flow-schema";
import { startFakeAri, type FakeAri } from "@ringflow/platform/testing/fake-ari";
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
import { asteriskLine, LINE } from "./asterisk-flow-fixture.ts";
import { ConnectionLease } from "./connection-lease.ts";

const db = createDb(testDatabaseUrl(), { max: 4 });
/** Its own key space: leases, calls and the log stream of this file only. */
const prefix = `${process.env.REDIS_KEY_PREFIX ?? ""}ari-${randomBytes(3).toString("hex")}:`;
const SALES = "6001";

let media: SpokenMedia;
let fake: FakeAri;
let tenant: AsteriskTenant;
let processes: AsteriskProcess[] = [];
let logWriter: { close(): Promise<void> };

beforeAll(async () => {
  media = await spokenMedia(db);
  const applicationName = `ringflow-${randomBytes(3).toString("hex")}`;
  // One ARI "second" lasts 100 ms (ring timeouts, recording lengths); a prompt plays for 150 ms.
  fake = await startFakeAri({ app: applicationName, secondsMs: 100, playbackMs: 150 });
  tenant = await seedAsteriskTenant(
    db,
    { url: fake.url, username: fake.username, password: fake.password, applicationName },
    asteriskLine(SALES),
  );
  logWriter = await startLogWriter(db, prefix);
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail" && process.env.ARI_TEST_DEBUG)
    console.log(JSON.stringify({ requests: fake.requests, events: fake.events().slice(-30) }, null, 1));
  await Promise.all(processes.map((p) => p.close()));
  processes = [];
  expect(fake.problems()).toEqual([]);
});

afterAll(async () => {
  await logWriter.close();
  await fake.close();
  await media.close();
  await db.$disconnect();
});

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

/** What the caller heard, in order: the texts of the media played to the channel. */
function heard(channelId: string): string[] {
  return fake.requests
    .filter((r) => r.method === "POST" && r.path.startsWith(`/channels/${channelId}/play/`))
    .flatMap((r) => String(r.query.media).split(","))
    .map((uri) => media.said(uri) ?? uri);
}

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

/** The application hung the channel up (the flow's Hang up block). */
const hungUpBy = (channelId: string) =>
  eventually(async () =>
    fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${channelId}`),
  );

const nodesOf = async (callId: string) =>
  (
    await db.callEvent.findMany({
      where: { tenantId: tenant.tenantId, callId },
      orderBy: { seq: "asc" },
    })
  ).map((e) => e.nodeId);

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
