import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { SimulatorClientMessage, SimulatorServerMessage } from "@ringflow/flow-schema";
import { simulatorServerMessageSchema } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";
import { hoursLineFlow } from "../../testing/hours-line.ts";
import { eventually, publishFlow } from "../../testing/seed.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
const ORIGIN = "http://builder.ringflow.example";
let runtime: RuntimeInstance;
let service: Server;
let serviceUrl: string;
let tenantId: string;
let otherTenantId: string;
let cookie: string;
let flowId: string;

beforeAll(async () => {
  service = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ tier: "silver", path: req.url }));
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  const address = service.address();
  serviceUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  runtime = await startRuntime({ simulatorOrigins: [ORIGIN], httpAllowHosts: ["127.0.0.1"] });
  const tenant = await db.tenant.create({
    data: { name: "Sim", slug: `sim-${randomBytes(6).toString("hex")}` },
  });
  const other = await db.tenant.create({
    data: { name: "Other", slug: `sim-${randomBytes(6).toString("hex")}` },
  });
  tenantId = tenant.id;
  otherTenantId = other.id;
  const user = await db.user.create({
    data: { email: `sim-${randomBytes(6).toString("hex")}@example.test`, name: "Sim", passwordHash: "x" },
  });
  await db.membership.create({ data: { tenantId, userId: user.id, role: "DESIGNER" } });
  const token = randomBytes(24).toString("base64url");
  await db.session.create({
    data: {
      id: createHash("sha256").update(token).digest("hex"),
      userId: user.id,
      activeTenantId: tenantId,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  cookie = `ringflow_session=${token}`;
  flowId = (await publishFlow(db, tenantId, hoursLineFlow(serviceUrl))).flowId;
});

afterAll(async () => {
  await runtime.close();
  service.close();
  await db.$disconnect();
});

/** A builder tab: a real WebSocket to the runtime, every message checked against the published protocol. */
async function connect(headers: Record<string, string> = { cookie, origin: ORIGIN }) {
  const socket = new WebSocket(`${runtime.url.replace("http", "ws")}/simulator`, { headers });
  const received: SimulatorServerMessage[] = [];
  let notify = () => {};
  socket.on("message", (raw) => {
    received.push(simulatorServerMessageSchema.parse(JSON.parse(String(raw))));
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    received,
    send: (message: SimulatorClientMessage) => socket.send(JSON.stringify(message)),
    /** Waits for a message of `type` after the first `from` messages. */
    async next<T extends SimulatorServerMessage["type"]>(type: T, from = 0) {
      // The monotonic clock: the machine's wall clock may be stepped while a test waits.
      const until = performance.now() + 10_000;
      for (;;) {
        const found = received.slice(from).find((m) => m.type === type);
        if (found) return found as Extract<SimulatorServerMessage, { type: T }>;
        if (performance.now() > until)
          throw new Error(`no ${type} message; got ${received.map((m) => m.type).join(",")}`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => socket.close(),
  };
}

const said = (messages: SimulatorServerMessage[]) =>
  messages.filter((m) => m.type === "say").map((m) => (m as { text: string }).text);

describe("simulator WebSocket", () => {
  it("refuses a connection without a session, or from another site", async () => {
    await expect(connect({ origin: ORIGIN })).rejects.toThrow("HTTP 401");
    await expect(connect({ cookie: "ringflow_session=nope", origin: ORIGIN })).rejects.toThrow("HTTP 401");
    await expect(connect({ cookie, origin: "https://evil.example" })).rejects.toThrow("HTTP 403");
  });

  it("runs the live version outside business hours, then inside them with a scripted HTTP answer", async () => {
    const closed = await connect();
    // Saturday noon in New York.
    closed.send({
      type: "start",
      flow: { flowId, version: "live" },
      caller: { from: "+14155550100", to: "+18005550199" },
      clock: "2026-03-07T12:00:00-05:00",
    });
    const ended = await closed.next("ended");
    expect(ended.reason).toBe("hangup node");
    expect(said(closed.received)).toEqual(["We are closed."]);
    const started = await closed.next("started");
    expect(started.flow).toMatchObject({ flowId, version: 1, name: "Hours line" });
    const trace = closed.received
      .filter((m) => m.type === "trace")
      .flatMap((m) => (m as { entries: { nodeId: string | null; port: string | null }[] }).entries);
    expect(trace.find((t) => t.nodeId === "hours")?.port).toBe("closed");
    closed.close();

    const open = await connect();
    open.send({
      type: "start",
      flow: { flowId, version: 1 },
      caller: { from: "+14155550100", to: "+18005550199" },
      clock: "2026-03-09T10:00:00-04:00",
      httpMocks: [{ urlPattern: "/customer", status: 200, body: { tier: "gold" } }],
    });
    const http = await open.next("http");
    const waiting = await open.next("waiting", open.received.indexOf(http));
    expect(waiting).toMatchObject({ for: "gather", nodeId: "menu" });
    expect(http).toMatchObject({
      mocked: true,
      response: { status: 200 },
      request: { headers: { "X-Api-Key": "[masked]" } },
    });
    expect(said(open.received)).toEqual(["Press 1 to hear your tier."]);
    const mark = open.received.length;
    open.send({ type: "digits", digits: "1" });
    await open.next("ended", mark);
    expect(said(open.received.slice(mark))).toEqual(["Your tier is gold. Goodbye."]);
    open.close();
  });

  it("moves the clock mid-call and runs a draft sent inline with a real HTTP request", async () => {
    const sim = await connect();
    const document = hoursLineFlow(serviceUrl);
    sim.send({ type: "start", flow: { document }, clock: "2026-03-09T10:00:00-04:00" });
    const http = await sim.next("http");
    expect(http).toMatchObject({ mocked: false, response: { status: 200, body: { tier: "silver" } } });
    const mark = sim.received.length;
    sim.send({ type: "clock", at: "2026-03-10T08:00:00-04:00" });
    const state = await sim.next("state", mark);
    expect(state.clock).toBe("2026-03-10T12:00:00.000Z");
    expect(state.variables).toMatchObject({ tier: "silver" });
    sim.send({ type: "hangup" });
    expect((await sim.next("ended", mark)).reason).toBe("the caller hung up");
    sim.close();
  });

  it("reports a draft that does not compile, a foreign flow and a bad message, and keeps the socket open", async () => {
    const sim = await connect();
    sim.send({
      type: "start",
      flow: { document: buildFlow({ nodes: { say: ["say", { text: { "en-US": "Hi" } }] } }) },
    });
    const problems = await sim.next("error");
    expect(problems.message).toBe("the flow has errors");
    expect(problems.problems?.length).toBeGreaterThan(0);
    const foreign = await publishFlow(db, otherTenantId, hoursLineFlow(serviceUrl));
    let mark = sim.received.length;
    sim.send({ type: "start", flow: { flowId: foreign.flowId, version: "live" } });
    expect((await sim.next("error", mark)).message).toBe("flow not found");
    mark = sim.received.length;
    sim.send({ type: "digits", digits: "12ab" } as SimulatorClientMessage);
    expect((await sim.next("error", mark)).message).toMatch(/not a simulator message/);
    mark = sim.received.length;
    sim.send({ type: "start", flow: { flowId, version: "draft" }, clock: "2026-03-07T12:00:00-05:00" });
    expect((await sim.next("ended", mark)).reason).toBe("hangup node");
    sim.close();
  });

  it("stores the test call as a call marked test, with its log, and attributes each prompt to its own node", async () => {
    const writer = await startLogWriter(db);
    try {
      const sim = await connect();
      const document = buildFlow({
        name: "Greeting",
        nodes: {
          start: ["start"],
          greet: ["say", { text: { "en-US": "Welcome." } }],
          menu: [
            "menu",
            { prompt: { type: "say", text: { "en-US": "Press 1." } }, options: [{ id: "one", dtmf: "1" }] },
          ],
          bye: ["hangup", {}],
        },
        edges: [
          ["start", "inbound", "greet"],
          ["greet", "next", "menu"],
          ["menu", "one", "bye"],
          ["menu", "noInput", "bye"],
          ["menu", "noMatch", "bye"],
        ],
      });
      sim.send({ type: "start", flow: { document }, caller: { from: "+14155550177", to: "+18005550199" } });
      const started = await sim.next("started");
      await sim.next("waiting");
      const prompts = sim.received.filter((m) => m.type === "say") as {
        text: string;
        nodeId: string | null;
      }[];
      expect(prompts.map((p) => [p.text, p.nodeId])).toEqual([
        ["Welcome.", "greet"],
        ["Press 1.", "menu"],
      ]);
      const mark = sim.received.length;
      sim.send({ type: "digits", digits: "1" });
      await sim.next("ended", mark);
      sim.close();
      const call = await eventually(() =>
        db.call.findFirst({
          where: { tenantId, provider: "SIMULATOR", providerCallId: started.callId, outcome: { not: null } },
          include: { events: { orderBy: { seq: "asc" } } },
        }),
      );
      expect(call).toMatchObject({ test: true, fromNumber: "+14155550177", outcome: "hangup" });
      expect(call.events[0]).toMatchObject({ type: "call.start", data: { test: true } });
      expect(
        call.events.some((e) => e.type === "input" && (e.data as { digits?: string }).digits === "1"),
      ).toBe(true);
    } finally {
      await writer.close();
    }
  });

  it("says so when the live version of a never-published flow is asked for", async () => {
    const sim = await connect();
    const draftOnly = await db.flow.create({
      data: { tenantId, name: "Never published", draft: hoursLineFlow(serviceUrl) as object },
    });
    sim.send({ type: "start", flow: { flowId: draftOnly.id, version: "live" } });
    expect((await sim.next("error")).message).toBe(
      "this flow has not been published yet: test the draft, or publish it first",
    );
    sim.close();
  });

  it("limits how many test calls one tab can start in a minute", async () => {
    const sim = await connect();
    const document = buildFlow({
      nodes: { start: ["start"], bye: ["hangup"] },
      edges: [["start", "inbound", "bye"]],
    });
    for (let i = 0; i < 31; i++) sim.send({ type: "start", flow: { document } });
    const refused = await sim.next("error");
    expect(refused.message).toBe("too many test calls in a minute: wait a moment and try again");
    await eventually(async () => sim.received.filter((m) => m.type === "started").length === 30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.received.filter((m) => m.type === "started")).toHaveLength(30);
    expect(sim.received.filter((m) => m.type === "error")).toHaveLength(1);
    sim.close();
  });
});
