import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, sealCredentials } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis, FAILURES_FOR_DOWN, ProviderHealth } from "@ringflow/platform";
import { startFakeCarrier, type CarrierAnswer } from "@ringflow/platform/testing/fake-carrier";
import { seedSignalWire, seedTelnyx, transferLine } from "../testing/carrier-fixture.ts";
import { seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { cachedProviderConnections } from "./provider-connections.ts";
import { ProviderProbe } from "./provider-probe.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
// A prefix of its own: the set of down accounts and the probe's lock are this file's.
const redis = createRedis(undefined, { keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}${randomUUID()}:` });
const health = new ProviderHealth(redis);
/** Each carrier answers as `answering` says: up (200) or failing (503). */
let answering: CarrierAnswer = { status: 503, body: { message: "unavailable" } };
let carrier: Awaited<ReturnType<typeof startFakeCarrier>>;
let tenant: SeededTenant;

beforeAll(async () => {
  carrier = await startFakeCarrier(() => answering);
  tenant = await seedTwilioTenant(db, transferLine);
});

afterAll(async () => {
  await carrier.close();
  await redis.quit();
  await db.$disconnect();
});

const probe = (pbxAllowNetworks: string[] = []) =>
  new ProviderProbe({
    db,
    redis,
    health,
    logger: { warn: () => {} },
    twilioApiBaseUrl: carrier.url,
    signalWireApiBaseUrl: carrier.url,
    telnyxApiBaseUrl: carrier.url,
    pbxAllowNetworks,
  });

async function markDown(accountId: string) {
  for (let i = 0; i < FAILURES_FOR_DOWN; i++)
    await health.record(accountId, { channel: "rest", ok: false, latencyMs: 10 });
  expect(await health.isDown(accountId)).toBe(true);
}

describe("accounts marked down are probed and come back when their carrier answers", () => {
  it("a round asks each down account's carrier one authenticated GET; a failure keeps it down, a success marks it up", async () => {
    const signalWire = await seedSignalWire(db, tenant.tenantId, tenant.flowId);
    const telnyx = await seedTelnyx(db, tenant.tenantId, tenant.flowId);
    const ids = [tenant.providerAccountId, signalWire.providerAccountId, telnyx.providerAccountId];
    for (const id of ids) await markDown(id);

    answering = { status: 503, body: { message: "unavailable" } };
    const before = carrier.requests.length;
    expect(await probe().round()).toBe(3);
    const asked = carrier.requests.slice(before);
    expect(asked.map((r) => `${r.method} ${r.path.replace(/[^/]+(?=\.json$)/, "{id}")}`).sort()).toEqual([
      "GET /2010-04-01/Accounts/{id}.json",
      "GET /api/laml/2010-04-01/Accounts/{id}.json",
      `GET /texml_applications/${telnyx.applicationId}`,
    ]);
    expect(asked.every((r) => !!r.authorization)).toBe(true);
    for (const id of ids) expect(await health.isDown(id)).toBe(true);

    answering = { status: 200, body: {} };
    expect(await probe().round()).toBe(3);
    for (const id of ids) expect(await health.isDown(id)).toBe(false);
    expect(await health.downAccounts()).toEqual([]);
    // Nothing down: a round asks nobody.
    const after = carrier.requests.length;
    expect(await probe().round()).toBe(0);
    expect(carrier.requests.length).toBe(after);
  });

  it("runs one round at a time across processes: two probes at once ask each carrier once", async () => {
    await markDown(tenant.providerAccountId);
    answering = { status: 503, body: { message: "unavailable" } };
    const before = carrier.requests.length;
    const [first, second] = await Promise.all([probe().round(), probe().round()]);
    expect([first, second].sort()).toEqual([0, 1]);
    expect(carrier.requests.length - before).toBe(1);
  });
});

describe("/health's provider connections", () => {
  it("are computed once per few seconds: callers meanwhile share one computation and its answer", async () => {
    let now = 1_000_000;
    const connections = cachedProviderConnections(db, health, 5_000, () => now);
    const [a, b] = await Promise.all([connections(), connections()]);
    expect(b).toBe(a);
    const extra = await seedTelnyx(db, tenant.tenantId, tenant.flowId);
    now += 4_999;
    expect(await connections()).toBe(a);
    now += 1;
    const fresh = await connections();
    expect(fresh).not.toBe(a);
    expect(fresh.some((c) => c.providerAccountId === extra.providerAccountId) || fresh.length === 200).toBe(
      true,
    );
  });
});

describe("Asterisk accounts marked down are probed over ARI too", () => {
  it("asks GET /ari/asterisk/info with the ARI user, through the outbound guard, and marks the account up once it answers", async () => {
    /** The PBX's ARI on loopback: failing (503) until told to answer as Asterisk does. */
    let pbxAnswer: CarrierAnswer = { status: 503, body: { message: "unavailable" } };
    const pbx = await startFakeCarrier(() => pbxAnswer);
    // The carriers' accounts the tests above left down come back first: each round below asks the PBX only.
    answering = { status: 200, body: {} };
    await probe().round();
    expect(await health.downAccounts()).toEqual([]);
    try {
      const account = await db.providerAccount.create({
        data: {
          tenantId: tenant.tenantId,
          kind: "ASTERISK",
          name: "Test PBX",
          externalId: `ringflow:${randomUUID()}`,
          ...sealCredentials(tenant.tenantId, "ASTERISK", {
            ariUrl: pbx.url,
            username: "ringflow",
            password: "ari-secret",
            applicationName: "ringflow",
          }),
        },
      });
      await markDown(account.id);

      // A PBX on a network the deployment does not allow is never reached, and stays down.
      expect(await probe().round()).toBe(1);
      expect(pbx.requests).toEqual([]);
      expect(await health.isDown(account.id)).toBe(true);

      const allowed = ["127.0.0.0/8"];
      expect(await probe(allowed).round()).toBe(1);
      expect(pbx.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /ari/asterisk/info"]);
      expect(pbx.requests[0]?.authorization).toBe(
        `Basic ${Buffer.from("ringflow:ari-secret").toString("base64")}`,
      );
      expect(await health.isDown(account.id)).toBe(true);

      pbxAnswer = { status: 200, body: { system: { version: "22.1.0" }, build: { os: "Linux" } } };
      expect(await probe(allowed).round()).toBe(1);
      expect(await health.isDown(account.id)).toBe(false);
      expect(pbx.requests).toHaveLength(2);
    } finally {
      await pbx.close();
    }
  });
});
