import { describe, expect, it } from "vitest";
import { callControlJobId, callControlJobSchema, callControlOutcomeSchema } from "./call-control.ts";

const job = (command: unknown) => ({
  requestId: "r1",
  tenantId: "t1",
  callId: "c1",
  requestedBy: { userId: "u1" },
  requestedAt: 1,
  command,
});

describe("call-control contract", () => {
  it("fills the defaults: hold holds the caller, hangup lets the caller go on in the flow", () => {
    expect(callControlJobSchema.parse(job({ action: "hold" })).command).toEqual({
      action: "hold",
      party: "caller",
    });
    expect(callControlJobSchema.parse(job({ action: "hangup" })).command).toEqual({
      action: "hangup",
      party: "agent",
      endCall: false,
    });
    expect(callControlJobSchema.parse(job({ action: "hold" })).requestedBy).toEqual({
      userId: "u1",
      agentId: null,
      apiTokenId: null,
    });
  });

  it("transfers to a queue but consults only people, and wants numbers with their country code", () => {
    expect(
      callControlJobSchema.safeParse(job({ action: "transfer", target: { kind: "queue", queueId: "q" } }))
        .success,
    ).toBe(true);
    expect(
      callControlJobSchema.safeParse(job({ action: "consult", target: { kind: "queue", queueId: "q" } }))
        .success,
    ).toBe(false);
    expect(
      callControlJobSchema.safeParse(
        job({ action: "add-party", target: { kind: "number", number: "5550100" } }),
      ).success,
    ).toBe(false);
    expect(
      callControlJobSchema.safeParse(
        job({ action: "add-party", target: { kind: "number", number: "+14155550100" } }),
      ).success,
    ).toBe(true);
  });

  it("refuses unknown actions and names a job by tenant and request", () => {
    expect(callControlJobSchema.safeParse(job({ action: "teleport" })).success).toBe(false);
    expect(callControlJobId({ tenantId: "t1", requestId: "r1" })).toBe("cc-t1-r1");
    expect(
      callControlOutcomeSchema.parse({
        ok: false,
        requestId: "r1",
        callId: "c1",
        action: "hold",
        refusal: "not-connected",
        message: "The call is not connected to an agent.",
      }).ok,
    ).toBe(false);
  });
});
