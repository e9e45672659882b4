import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@ringflow/platform";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { compileFlow, startCall } from "../engine/index.ts";
import { CALL_TTL_SECONDS, CallStore, type CallRecord } from "./call-store.ts";

const redis = createRedis();
afterAll(() => redis.quit());

function newRecord(callSid: string): CallRecord {
  const flow = compileFlow(
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
  const { state } = startCall(flow, { callId: "c", direction: "inbound", from: "+1", to: "+2", at: 0 });
  return {
    rev: 0,
    state,
    meta: {
      callId: "c",
      tenantId: "t",
      provider: "TWILIO",
      providerCallId: callSid,
      providerAccountId: null,
      phoneNumberId: null,
      flowId: "f",
      flowVersionId: "v",
      subflowVersionIds: {},
      direction: "INBOUND",
      from: "+1",
      to: "+2",
      existingRow: false,
    },
    seq: 0,
    path: [],
    providerStatus: null,
    statusRank: 0,
    durationSeconds: null,
    lastAnswer: "<Response/>",
    pendingHttp: null,
    mailbox: null,
    consentRecordId: null,
  };
}

describe("call store", () => {
  it("lets exactly one of two writers of the same revision win, and stores the answer with the state", async () => {
    const store = new CallStore(redis);
    const sid = `CA${randomBytes(8).toString("hex")}`;
    const created = await store.commit(newRecord(sid), ["voice"]);
    expect(created?.rev).toBe(1);
    expect(await store.commit(newRecord(sid), ["voice"])).toBeNull();

    const [a, b] = await Promise.all([
      store.commit({ ...(created as CallRecord), seq: 5, lastAnswer: "<A/>" }, ["gather:1"]),
      store.commit({ ...(created as CallRecord), seq: 7, lastAnswer: "<B/>" }, ["gather:1"]),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = (a ?? b) as CallRecord;
    const loaded = await store.load(sid);
    expect(loaded.record).toMatchObject({ rev: 2, seq: winner.seq });
    expect((await store.load(sid, "gather:1")).answer).toBe(winner.lastAnswer);
    expect(await redis.ttl(CallStore.callKey(sid))).toBeGreaterThan(CALL_TTL_SECONDS - 5);
  });
});
