import { afterAll, describe, expect, it } from "vitest";
import { ASTERISK_CONNECTION_FIELD, asteriskConnectionKey } from "@ringflow/flow-schema";
import { sealCredentials } from "@ringflow/db";
import { createHarness } from "../../testing/harness.ts";
import { connectionInWords } from "../../services/providers/asterisk-connection.ts";

describe("providers.list: each Asterisk account's live connection, in words", () => {
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  let apps = 0;
  const addAsterisk = (ws: Awaited<ReturnType<typeof h.workspace>>, name: string) =>
    ws.caller.providers.create({
      kind: "ASTERISK",
      name,
      asterisk: {
        ariUrl: "http://127.0.0.1:8088/ari",
        username: "ringflow",
        password: "ari-secret",
        applicationName: `rf-${ws.slug}-${++apps}`,
      },
    });
  // What the runtime holding the connection writes.
  const write = (accountId: string, state: object) =>
    h.redis.hset(asteriskConnectionKey(accountId), ASTERISK_CONNECTION_FIELD, JSON.stringify(state));

  it("shows connected, reconnecting since when (in the workspace's time zone) and refused with why", async () => {
    const ws = await h.workspace("ari-state");
    await h.db.analyticsSetting.create({ data: { tenantId: ws.tenantId, timeZone: "Europe/Berlin" } });
    const up = await addAsterisk(ws, "Head office");
    const down = await addAsterisk(ws, "Branch");
    const refused = await addAsterisk(ws, "Warehouse");
    const quiet = await addAsterisk(ws, "New");
    const since = new Date(Date.now() - 5 * 60_000);
    await write(up.id, { state: "connected", since: since.toISOString(), owner: "runtime-1", channels: 2 });
    await write(down.id, {
      state: "reconnecting",
      since: since.toISOString(),
      reason: "Asterisk does not answer",
    });
    await write(refused.id, { state: "refused", since: since.toISOString(), reason: "wrong password" });
    await h.redis.hset(asteriskConnectionKey(quiet.id), ASTERISK_CONNECTION_FIELD, "{not json");

    const listed = await ws.caller.providers.list();
    const berlin = since.toLocaleTimeString("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "Europe/Berlin",
    });
    expect(Object.fromEntries(listed.map((p) => [p.name, p.connection?.words]))).toEqual({
      "Head office": "Connected, 2 calls now",
      Branch: `Reconnecting since ${berlin}: Asterisk does not answer`,
      Warehouse: "Refused: wrong password",
      New: "Not connected yet: Ringflow connects within a minute.",
    });
    expect(listed.find((p) => p.name === "Branch")?.connection).toMatchObject({
      state: "reconnecting",
      since: since.toISOString(),
    });
    // Never the process that holds it.
    expect(JSON.stringify(listed)).not.toContain("runtime-1");
  });

  it("shows no other workspace's connection, and none on accounts that are not Asterisk", async () => {
    const a = await h.workspace("ari-a");
    const b = await h.workspace("ari-b");
    const theirs = await addAsterisk(a, "Theirs");
    await write(theirs.id, { state: "refused", since: new Date().toISOString(), reason: "wrong password" });
    await expect(b.caller.providers.list()).resolves.toEqual([]);
    await h.db.providerAccount.create({
      data: {
        tenantId: b.tenantId,
        kind: "DEMO",
        name: "Demo",
        externalId: `demo-${b.slug}`,
        ...sealCredentials(b.tenantId, "DEMO", {}),
      },
    });
    const [demo] = await b.caller.providers.list();
    expect(demo).toMatchObject({ name: "Demo", connection: null });
  });

  it("says when, with the day, a state older than a day began", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(
      connectionInWords({ state: "reconnecting", since: "2026-11-29T09:05:00Z" }, "UTC", now).words,
    ).toBe("Reconnecting since 29 Nov, 09:05");
    expect(connectionInWords({ state: "refused", since: now.toISOString() }, "UTC", now).words).toBe(
      "Refused: Asterisk refused the connection",
    );
  });
});
