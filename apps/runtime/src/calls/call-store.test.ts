import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@ringflow/platform";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { compileFlow, startCall } from "../engine/index.ts";
import { CALL_LOG_STREAM, type CallLogEntry } from "../jobs/call-log.job.ts";
import { CALL_TTL_SECONDS, ENDED_CALL_TTL_SECONDS, endedCall, type LiveCall } from "./call-record.ts";
import { RedisCallStore } from "./call-store.ts";
import { logCall } from "./call-log.ts";

const redis = createRedis();
afterAll(() => redis.quit());

function newCall(callSid: string, account: string): LiveCall {
  const flow = compileFlow(
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
  const { state } = startCall(flow, { callId: "c", direction: "inbound", from: "+1", to: "+2", at: 0 });
  return {
    ended: false,
    rev: 0,
    state: { ...state, frame: { ...state.frame, vars: { note: "x".repeat(3000) } } },
    meta: {
      callId: randomUUID(),
      tenantId: randomUUID(),
      provider: "TWILIO",
      providerCallId: callSid,
      providerAccountId: account,
      phoneNumberId: null,
      flowId: randomUUID(),
      flowVersionId: randomUUID(),
      subflowVersionIds: { [randomUUID()]: randomUUID() },
      direction: "INBOUND",
      from: "+14155550100",
      to: "+18005550199",
      existingRow: false,
      test: false,
    },
    seq: 0,
    path: [],
    providerStatus: null,
    statusRank: 3,
    durationSeconds: null,
    lastAnswer: "<Response/>",
    pendingHttp: null,
    mailbox: null,
    consentRecordId: null,
  };
}

const commit = (
  store: RedisCallStore,
  next: LiveCall,
  answerIds: string[],
  log: CallLogEntry | null = null,
) => store.commit({ next, answer: next.lastAnswer, answerIds, log, realtime: [], ending: false });

describe("call store", () => {
  it("lets exactly one of two writers of the same revision win, and stores the answer with the state", async () => {
    const store = new RedisCallStore(redis);
    const account = randomUUID();
    const sid = `CA${randomBytes(8).toString("hex")}`;
    const key = { account, id: sid };
    const created = (await commit(store, newCall(sid, account), ["voice"])) as LiveCall;
    expect(created.rev).toBe(1);
    expect(await commit(store, newCall(sid, account), ["voice"])).toBeNull();

    const [a, b] = await Promise.all([
      commit(store, { ...created, seq: 5, lastAnswer: "<A/>" }, ["gather:1"]),
      commit(store, { ...created, seq: 7, lastAnswer: "<B/>" }, ["gather:1"]),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = (a ?? b) as LiveCall;
    expect((await store.load(key)).record).toMatchObject({ rev: 2, seq: winner.seq });
    expect((await store.load(key, "gather:1")).answer).toBe(winner.lastAnswer);
    expect(await redis.ttl(RedisCallStore.callKey(key))).toBeGreaterThan(CALL_TTL_SECONDS - 5);
  });

  it("keeps each account's calls apart: another account naming the same call id finds nothing", async () => {
    const store = new RedisCallStore(redis);
    const owner = randomUUID();
    const sid = `CA${randomBytes(8).toString("hex")}`;
    await commit(store, newCall(sid, owner), ["voice"]);
    expect((await store.load({ account: owner, id: sid }, "voice")).answer).toBe("<Response/>");
    const intruder = await store.load({ account: randomUUID(), id: sid }, "voice");
    expect(intruder).toEqual({ answer: null, record: null });
  });

  it("appends the log entry in the same write, and none when the write loses", async () => {
    const store = new RedisCallStore(redis);
    const account = randomUUID();
    const sid = `CA${randomBytes(8).toString("hex")}`;
    const call = newCall(sid, account);
    const entry: CallLogEntry = {
      call: logCall(call),
      create: true,
      events: [],
      consents: [],
      recordings: [],
    };
    const before = await redis.xlen(CALL_LOG_STREAM);
    await commit(store, call, ["voice"], entry);
    await commit(store, call, ["voice"], entry); // loses: the call exists
    const entries = await redis.xrevrange(CALL_LOG_STREAM, "+", "-", "COUNT", 50);
    const mine = entries.filter(([, fields]) => fields[1]?.includes(sid));
    expect(mine).toHaveLength(1);
    expect(await redis.xlen(CALL_LOG_STREAM)).toBeGreaterThanOrEqual(before + 1);
  });

  it("shrinks an ended call to what replays need and lets it expire within minutes", async () => {
    const store = new RedisCallStore(redis);
    const account = randomUUID();
    const sid = `CA${randomBytes(8).toString("hex")}`;
    const key = { account, id: sid };
    let call = (await commit(store, newCall(sid, account), ["voice"])) as LiveCall;
    call = (await commit(store, { ...call, lastAnswer: "<Response><Gather/></Response>" }, [
      "gather:1",
    ])) as LiveCall;
    const final = { ...call, lastAnswer: "<Response><Say>Goodbye.</Say><Hangup/></Response>" };
    const ended = await store.commit({
      next: endedCall(final),
      answer: final.lastAnswer,
      answerIds: ["gather:2"],
      log: null,
      realtime: [],
      ending: true,
    });
    expect(ended?.ended).toBe(true);
    const bytes = (await redis.hgetall(RedisCallStore.callKey(key))) as Record<string, string>;
    const stored = Object.entries(bytes).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
    expect(stored).toBeLessThanOrEqual(400);
    expect(Object.keys(bytes).filter((field) => field.startsWith("a:"))).toEqual(["a:gather:2"]);
    expect((await store.load(key, "gather:2")).answer).toBe(final.lastAnswer);
    expect((await store.load(key, "voice")).answer).toBeNull();
    // What a late status report needs is still there, ids from the key.
    expect((await store.load(key)).record?.meta).toMatchObject({
      callId: call.meta.callId,
      tenantId: call.meta.tenantId,
      providerCallId: sid,
      providerAccountId: account,
    });
    // What a late status report needs is still there, ids from the key.
    expect((await store.load(key)).record?.meta).toMatchObject({
      callId: call.meta.callId,
      tenantId: call.meta.tenantId,
      providerCallId: sid,
      providerAccountId: account,
    });
    const ttl = await redis.ttl(RedisCallStore.callKey(key));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(ENDED_CALL_TTL_SECONDS);
  });
});
