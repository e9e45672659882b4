import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createRedis } from "@ringflow/platform";
import { seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { CALL_LOG_DEAD_STREAM, type CallLogEntry } from "./call-log.job.ts";
import { CallLogWorker } from "./call-log.worker.ts";
import { writeCallLogs } from "./call-log.writer.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
let tenant: SeededTenant;
beforeAll(async () => {
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
});
afterAll(() => db.$disconnect());

function job(
  callId: string,
  callSid: string,
  seqs: number[],
  extra: Partial<CallLogEntry> = {},
): CallLogEntry {
  return {
    call: {
      callId,
      tenantId: tenant.tenantId,
      provider: "TWILIO",
      providerCallId: callSid,
      providerAccountId: tenant.providerAccountId,
      phoneNumberId: tenant.phoneNumberId,
      flowId: tenant.flowId,
      flowVersionId: tenant.versionId,
      direction: "INBOUND",
      from: "+14155550100",
      to: tenant.number,
      existingRow: false,
      test: false,
      startedAt: Date.UTC(2026, 0, 1),
    },
    create: true,
    events: seqs.map((seq) => ({
      seq,
      at: Date.UTC(2026, 0, 1) + seq,
      type: "enter" as const,
      nodeId: "bye",
      port: null,
      data: { seq },
    })),
    consents: [],
    recordings: [],
    ...extra,
  };
}

const sid = (id: string) => `CA${id.replaceAll("-", "")}`;

describe("call-log worker", () => {
  it("writes a batch of several calls, and writing it again (a retried job) changes nothing", async () => {
    const first = randomUUID();
    const second = randomUUID();
    const voicemailId = randomUUID();
    const batch = [
      job(first, `CA${first.replaceAll("-", "")}`, [0, 1]),
      job(second, `CA${second.replaceAll("-", "")}`, [0], {
        // A message left after the caller chose Spanish: recorded in it.
        recordings: [
          {
            id: voicemailId,
            providerRecordingId: `RE${second.replaceAll("-", "")}`,
            url: null,
            durationSeconds: 7,
            status: "IN_PROGRESS",
            kind: "voicemail",
            mailbox: "ventas",
            transcript: null,
            consentRecordId: null,
            language: "es-MX",
          },
        ],
      }),
      job(first, `CA${first.replaceAll("-", "")}`, [2], {
        status: { value: "completed", durationSeconds: 12 },
        summary: {
          outcome: "hangup",
          disposition: "hangup",
          path: ["start", "bye"],
          variables: {},
          endedAt: Date.UTC(2026, 0, 1, 0, 1),
          durationSeconds: 60,
          errorMessage: null,
          language: "es-MX",
        },
      }),
    ];
    await writeCallLogs(db, batch);
    await writeCallLogs(db, batch);
    expect(await db.callEvent.count({ where: { tenantId: tenant.tenantId, callId: first } })).toBe(3);
    expect(await db.callEvent.count({ where: { tenantId: tenant.tenantId, callId: second } })).toBe(1);
    const row = await db.call.findFirst({ where: { tenantId: tenant.tenantId, id: first } });
    expect(row).toMatchObject({
      status: "COMPLETED",
      outcome: "hangup",
      durationSeconds: 12,
      path: ["start", "bye"],
      language: "es-MX",
    });
    const voicemail = await db.recording.findFirst({ where: { tenantId: tenant.tenantId, callId: second } });
    expect(voicemail).toMatchObject({ id: voicemailId, language: "es-MX", mailbox: "ventas" });
    // A late "ringing" never moves a finished call back.
    await writeCallLogs(db, [
      job(first, `CA${first.replaceAll("-", "")}`, [], { status: { value: "ringing" } }),
    ]);
    expect((await db.call.findFirst({ where: { tenantId: tenant.tenantId, id: first } }))?.status).toBe(
      "COMPLETED",
    );
  });

  it("isolates a bad entry: another tenant's call, a malformed entry and a NUL cost the other calls nothing", async () => {
    const redis = createRedis(undefined, { keyPrefix: "" });
    const prefix = process.env.REDIS_KEY_PREFIX ?? "";
    const worker = new CallLogWorker(db, redis, { keyPrefix: prefix });
    const good = randomUUID();
    const other = await seedTwilioTenant(db, () =>
      buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
    );
    const foreign = randomUUID();
    await writeCallLogs(db, [
      {
        ...job(foreign, sid(foreign), [0]),
        call: { ...job(foreign, sid(foreign), []).call, tenantId: other.tenantId },
      },
    ]);
    const entries: [string, string[]][] = [
      ["1-1", ["e", JSON.stringify(job(good, sid(good), [0, 1]))]],
      // Names another tenant's call: must neither be written into it nor stop the batch.
      ["1-2", ["e", JSON.stringify({ ...job(foreign, sid(foreign), [5]), create: false })]],
      ["1-3", ["e", "{not json"]],
      // A NUL from a caller's speech that the call core did not clean (an older runtime's entry): stored cleaned.
      [
        "1-4",
        [
          "e",
          JSON.stringify(
            job(good, sid(good), [2], {
              consents: [],
              events: [
                {
                  seq: 2,
                  at: 1,
                  type: "input",
                  nodeId: "x\u0000y",
                  port: null,
                  data: { event: "gather.result", at: 1, speech: "a\u0000b" },
                },
              ],
            }),
          ),
        ],
      ],
    ];
    const deadBefore = await redis.xlen(prefix + CALL_LOG_DEAD_STREAM);
    await worker.process(entries);
    expect(await db.callEvent.count({ where: { callId: good } })).toBe(3);
    const cleaned = await db.callEvent.findFirst({ where: { callId: good, seq: 2 } });
    expect(cleaned).toMatchObject({ nodeId: "x\ufffdy", data: { speech: "a\ufffdb" } });
    expect(await db.callEvent.count({ where: { callId: foreign } })).toBe(1);
    expect(await redis.xlen(prefix + CALL_LOG_DEAD_STREAM)).toBe(deadBefore + 1);
    await redis.quit();
  });
});
