import { describe, expect, it } from "vitest";
import { outcome } from "../../testing/harness.ts";
import { requestProblems, twilioContactCenters } from "../../testing/twilio-workspace.ts";

describe("click-to-call with per-workspace limits", () => {
  const { env, center } = twilioContactCenters();

  async function dialingCenter(label: string) {
    const cc = await center(label);
    const calls = () => cc.requests().filter((r) => r.path.endsWith("/Calls.json"));
    return { ...cc, calls };
  }

  it("rings the agent with the chosen caller ID, then dials the destination, as Twilio documents it", async () => {
    const cc = await dialingCenter("dial");
    const desk = cc.agentMember.caller.desktop;
    expect((await desk.callerIds()).map((n) => n.e164)).toEqual(["+14155550100"]);
    const placed = await desk.placeCall({ to: "+14155550199", from: "+14155550100" });
    const [request] = cc.calls();
    expect(requestProblems(request!)).toEqual([]);
    expect(request!.form).toMatchObject({
      To: "+15550001111",
      From: "+14155550100",
      Twiml:
        '<Response><Dial callerId="+14155550100" answerOnBridge="true"><Number>+14155550199</Number></Dial></Response>',
      StatusCallback: "https://rt.example.com/twilio/status",
    });
    const row = await env.h.db.call.findFirstOrThrow({
      where: { id: placed.callId, tenantId: cc.ws.tenantId },
    });
    expect(row).toMatchObject({
      providerCallId: placed.callSid,
      direction: "OUTBOUND",
      agentId: cc.agent.id,
      placedByUserId: cc.agentMember.userId,
      toNumber: "+14155550199",
    });
    expect((await desk.history()).calls.map((c) => c.id)).toEqual([placed.callId]);

    await expect(desk.placeCall({ to: "+14155550199", from: "+14155550101" })).rejects.toThrow(
      "+14155550101 is not one of the numbers you may call from.",
    );
    await expect(desk.placeCall({ to: "+33142685300", from: "+14155550100" })).rejects.toThrow(
      "Calls to France are not allowed in this workspace (allowed: United States, Canada).",
    );
    await expect(desk.placeCall({ to: "+15550000000", from: "+14155550100" })).rejects.toThrow(
      "+15550000000 is not a phone number that can be called.",
    );
    expect(cc.calls()).toHaveLength(1);
  });

  it("rings an agent's browser phone with the id of the call placed, for the desktop to answer it", async () => {
    const cc = await dialingCenter("browser");
    await env.h.db.agentEndpoint.updateMany({
      where: { tenantId: cc.ws.tenantId, agentId: cc.agent.id },
      data: { kind: "TWILIO_CLIENT", address: "ada" },
    });
    const placed = await cc.agentMember.caller.desktop.placeCall({ to: "+14155550199", from: "+14155550100" });
    const [request] = cc.calls();
    expect(requestProblems(request!)).toEqual([]);
    expect(request!.form.To).toBe(`client:ada?callId=${placed.callId}`);
  });

  it("counts calls in progress and calls per minute atomically, and frees a call once it ended", async () => {
    const cc = await dialingCenter("limits");
    expect(
      await outcome(
        cc.agentMember.caller.outbound.setPolicy({
          maxConcurrentCalls: 2,
          maxCallsPerMinute: 3,
          allowedCountries: ["us"],
          callerIdNumbers: [],
        }),
      ),
    ).toBe("FORBIDDEN");
    await cc.ws.caller.outbound.setPolicy({
      maxConcurrentCalls: 2,
      maxCallsPerMinute: 3,
      allowedCountries: ["us"],
      callerIdNumbers: ["+14155550100"],
    });
    const desk = cc.agentMember.caller.desktop;
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => desk.placeCall({ to: "+14155550199", from: "+14155550100" })),
    );
    const placed = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    expect(placed).toHaveLength(2);
    const refusals = attempts.flatMap((a) => (a.status === "rejected" ? [(a.reason as Error).message] : []));
    expect(new Set(refusals)).toEqual(
      new Set([
        "This workspace already has 2 outbound calls in progress, its limit. Try again when one ends.",
      ]),
    );
    expect(cc.calls()).toHaveLength(2);

    await env.h.db.call.update({
      where: { id: placed[0]!.callId, tenantId: cc.ws.tenantId },
      data: { status: "COMPLETED", endedAt: new Date() },
    });
    await desk.placeCall({ to: "+14155550199", from: "+14155550100" });
    await env.h.db.call.updateMany({
      where: { tenantId: cc.ws.tenantId },
      data: { status: "COMPLETED", endedAt: new Date() },
    });
    const fourth = await desk
      .placeCall({ to: "+14155550199", from: "+14155550100" })
      .catch((e: unknown) => e);
    expect(fourth).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((fourth as Error).message).toMatch(
      /^This workspace placed 3 calls in the last minute, its limit\. Try again in \d+ seconds\.$/,
    );
  });
});
