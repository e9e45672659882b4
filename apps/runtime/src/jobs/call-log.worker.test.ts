import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import type { CallLogJob } from "../calls/call-log.ts";
import { seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { writeCallLogs } from "./call-log.worker.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
let tenant: SeededTenant;
beforeAll(async () => {
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
  );
});
afterAll(() => db.$disconnect());

function job(callId: string, callSid: string, seqs: number[], extra: Partial<CallLogJob> = {}): CallLogJob {
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
      subflowVersionIds: {},
      direction: "INBOUND",
      from: "+14155550100",
      to: tenant.number,
      existingRow: false,
      startedAt: Date.UTC(2026, 0, 1),
    },
    create: true,
    events: seqs.map((seq) => ({
      seq,
      at: Date.UTC(2026, 0, 1) + seq,
      type: "enter",
      nodeId: "bye",
      port: null,
      data: { seq },
    })),
    consents: [],
    recordings: [],
    ...extra,
  };
}

describe("call-log worker", () => {
  it("writes a batch of several calls, and writing it again (a retried job) changes nothing", async () => {
    const first = randomUUID();
    const second = randomUUID();
    const batch = [
      job(first, `CA${first.replaceAll("-", "")}`, [0, 1]),
      job(second, `CA${second.replaceAll("-", "")}`, [0]),
      job(first, `CA${first.replaceAll("-", "")}`, [2], {
        status: { value: "COMPLETED", durationSeconds: 12 },
        summary: {
          outcome: "hangup",
          disposition: "hangup",
          path: ["start", "bye"],
          variables: {},
          endedAt: Date.UTC(2026, 0, 1, 0, 1),
          durationSeconds: 60,
          errorMessage: null,
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
    });
    // A late "ringing" never moves a finished call back.
    await writeCallLogs(db, [
      job(first, `CA${first.replaceAll("-", "")}`, [], { status: { value: "RINGING" } }),
    ]);
    expect((await db.call.findFirst({ where: { tenantId: tenant.tenantId, id: first } }))?.status).toBe(
      "COMPLETED",
    );
  });
});
