import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { channelOf, closeAfterEach, connect, started } from "./connected-client.ts";

closeAfterEach();

/** Waits until the condition holds, checking every few milliseconds (no fixed sleep decides the outcome). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("fake Asterisk: connections", () => {
  it("keeps channels through a dropped socket; ari-client reconnects and the call goes on", async () => {
    const { fake, client, next, received } = await started();
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const reconnected = new Promise((resolve) =>
      client.once("WebSocketReconnecting" as never, resolve as never),
    );
    fake.dropConnections();
    await reconnected;
    await until(() => fake.connections() === 1);
    await client.channels.answer({ channelId });
    expect(channelOf(await next("ChannelStateChange")).state).toBe("Up");
    expect(fake.requests.filter((r) => r.path === "/events")).toHaveLength(2);
    expect(received.map((e) => e.type)).toEqual(["StasisStart", "ChannelStateChange"]);
    expect(fake.problems()).toEqual([]);
  });

  it("refuses REST and WebSocket while refusing; a restart forgets every channel", async () => {
    const { fake, client } = await started();
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    fake.refuseConnections(true);
    expect(
      (await fetch(`${fake.url}/ari/asterisk/ping?api_key=${fake.username}:${fake.password}`)).status,
    ).toBe(503);
    fake.dropConnections();
    await new Promise((resolve) => client.once("WebSocketReconnecting" as never, resolve as never));
    expect(fake.connections()).toBe(0);
    fake.refuseConnections(false);
    await until(() => fake.connections() === 1);
    expect(fake.channels().map((c) => c.id)).toEqual([channelId]);

    await fake.restart();
    expect(fake.channels()).toEqual([]);
    await until(() => fake.connections() === 1);
    await expect(client.channels.get({ channelId })).rejects.toThrow();
    expect(fake.problems()).toEqual([]);
  });

  it("cuts every new connection while unreachable; ari-client gets back once it is reachable again", async () => {
    const { fake, client } = await started();
    fake.refuseConnections(true, "reset");
    await expect(
      fetch(`${fake.url}/ari/asterisk/ping?api_key=${fake.username}:${fake.password}`),
    ).rejects.toThrow();
    fake.dropConnections();
    await new Promise((resolve) => client.once("WebSocketReconnecting" as never, resolve as never));
    expect(fake.connections()).toBe(0);
    fake.refuseConnections(false);
    await until(() => fake.connections() === 1);
    expect(fake.problems()).toEqual([]);
  });

  it("hands an application to the newest socket and tells the older one it was replaced", async () => {
    const { fake, client, next } = await started();
    const second = await connect(fake, ["ringflow", "ringflow-other"]);
    await next("ApplicationReplaced");
    // The replaced socket closing later does not take the app from the newer one.
    client.stop();
    await until(() => fake.connections() === 1);
    fake.callIn({ exten: "100", callerNumber: "6001" });
    await second.next("StasisStart");
    fake.callIn({ exten: "200", callerNumber: "6002", app: "ringflow-other" });
    expect(
      channelOf(await second.next("StasisStart", (e) => e.application === "ringflow-other")).caller.number,
    ).toBe("6002");
    expect(() => fake.callIn({ exten: "300", callerNumber: "6003", app: "nobody" })).toThrow(/no WebSocket/);
    expect(fake.problems()).toEqual([]);
  });

  it("sends an app started with subscribeAll what no app follows yet (ChannelCreated, BridgeCreated)", async () => {
    const { fake, client } = await started();
    const watcher = await connect(fake, "ringflow-wallboard", true);
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    expect(channelOf(await watcher.next("ChannelCreated")).id).toBe(channelId);
    await watcher.next("StasisStart");
    const bridge = await client.bridges.create({ type: "holding" });
    expect((await watcher.next("BridgeCreated")).bridge).toMatchObject({
      id: bridge.id,
      bridge_type: "holding",
    });
    expect(fake.problems()).toEqual([]);
  });

  it("takes api_key or Basic authentication, on REST and on the events socket, and refuses a wrong password", async () => {
    const { fake } = await started();
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`${fake.username}:${password}`).toString("base64")}`,
    });
    const app = await fetch(`${fake.url}/ari/applications/ringflow`, { headers: basic(fake.password) });
    expect(await app.json()).toMatchObject({ name: "ringflow", channel_ids: [] });
    expect((await fetch(`${fake.url}/ari/applications`, { headers: basic("wrong") })).status).toBe(401);
    const status = (apiKey: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(
          `${fake.url.replace("http", "ws")}/ari/events?app=other&api_key=${apiKey}`,
        );
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
        socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      });
    expect(await status(`${fake.username}:wrong`)).toBe(401);
    expect(await status(`${fake.username}:${fake.password}`)).toBe(101);
  });

  it("filters an application's events as Asterisk does (PUT /applications/{name}/eventFilter)", async () => {
    const { fake, client, next, received } = await started();
    const filter = (body: unknown) =>
      fetch(`${fake.url}/ari/applications/ringflow/eventFilter?api_key=${fake.username}:${fake.password}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const set = await filter({ allowed: [{ type: "StasisStart" }, { type: "ChannelDtmfReceived" }] });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      events_allowed: [{ type: "StasisStart" }, { type: "ChannelDtmfReceived" }],
      events_disallowed: [],
    });
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    await client.channels.answer({ channelId });
    await fake.pressDigits(channelId, "5");
    await next("ChannelDtmfReceived");
    // The answer's ChannelStateChange was raised, and not sent.
    expect(received.map((e) => e.type)).toEqual(["StasisStart", "ChannelDtmfReceived"]);

    // A list not given is left as it is; disallowed wins over allowed.
    expect((await filter({ disallowed: [{ type: "ChannelDtmfReceived" }] })).status).toBe(200);
    await fake.pressDigits(channelId, "6");
    expect((await filter({ allowed: [{ name: "no type" }] })).status).toBe(400);
    // An empty body clears both lists: everything goes out again.
    const cleared = await filter({});
    expect(await cleared.json()).toMatchObject({ events_allowed: [], events_disallowed: [] });
    await fake.pressDigits(channelId, "7");
    const digit = (e: unknown) => (e as { digit?: string }).digit;
    await next("ChannelDtmfReceived", (e) => digit(e) === "7");
    expect(received.filter((e) => e.type === "ChannelDtmfReceived").map(digit)).toEqual(["5", "7"]);
    expect(fake.problems()).toEqual([]);
  });
});
