import { afterAll, describe, expect, it } from "vitest";
import { contactCenter } from "../../testing/contact-center.ts";
import { createHarness } from "../../testing/harness.ts";

describe("desktop.history: voicemails with their transcripts, callbacks", () => {
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  it("lists the messages and callbacks left in the agent's queues; transcripts for those who may listen", async () => {
    const cc = await contactCenter(h, "desk-voicemail");
    const { tenantId } = cc.ws;
    const own = await cc.liveCall({ fromNumber: "+14155550170" });
    // Nobody took these two: a message left after the wait, and a caller who asked to be called back.
    const message = await cc.liveCall({ agentId: null, fromNumber: "+14155550171" });
    await h.db.call.update({
      where: { id: message.id },
      data: { status: "COMPLETED", outcome: "voicemail", queueOutcome: "overflow" },
    });
    await h.db.recording.create({
      data: {
        tenantId,
        callId: message.id,
        status: "AVAILABLE",
        kind: "voicemail",
        mailbox: "billing",
        durationSeconds: 9,
        transcript: "Hi, it is Grace, please call me back about invoice 12.",
        transcribedAt: new Date(),
        transcriptEngine: "local",
      },
    });
    const callback = await cc.liveCall({ agentId: null, fromNumber: "+14155550172" });
    await h.db.call.update({
      where: { id: callback.id },
      data: { status: "COMPLETED", queueOutcome: "callback", callbackNumber: "+16505550173" },
    });
    // A queue Ana is not in: not hers to see.
    const elsewhere = await cc.ws.caller.queues.create({ name: "Elsewhere" });
    const notHers = await cc.liveCall({ agentId: null });
    await h.db.call.update({
      where: { id: notHers.id },
      data: { queueId: elsewhere.id, queueOutcome: "callback" },
    });

    const byId = <T extends { id: string }>(calls: T[]) => new Map(calls.map((c) => [c.id, c]));
    const agentView = byId((await cc.agentMember.caller.desktop.history()).calls);
    expect([...agentView.keys()].sort()).toEqual([own.id, message.id, callback.id].sort());
    // The number the caller confirmed, not the one they called from.
    expect(agentView.get(callback.id)).toMatchObject({
      callbackRequested: true,
      callbackNumber: "+16505550173",
      voicemails: [],
    });
    // Agents do not listen to recordings by default: the message is there, not what was said.
    expect(agentView.get(message.id)).toMatchObject({
      callbackRequested: false,
      callbackNumber: null,
      transcriptsShown: false,
      voicemails: [expect.objectContaining({ mailbox: "billing", durationSeconds: 9, transcript: null })],
    });
    expect(JSON.stringify([...agentView.values()])).not.toContain("invoice");

    const supervisorView = byId((await cc.supervisor.caller.desktop.history()).calls);
    expect(supervisorView.get(message.id)).toMatchObject({
      transcriptsShown: true,
      voicemails: [
        expect.objectContaining({ transcript: "Hi, it is Grace, please call me back about invoice 12." }),
      ],
    });
    expect(supervisorView.has(notHers.id)).toBe(true);

    // A workspace that lets agents listen shows them the transcript too.
    await cc.ws.caller.access.setPermission({
      role: "AGENT",
      permission: "recordings.download",
      granted: true,
    });
    const granted = byId((await cc.agentMember.caller.desktop.history()).calls);
    expect(granted.get(message.id)?.voicemails[0]?.transcript).toMatch(/invoice 12/);

    const stranger = await contactCenter(h, "desk-voicemail-other");
    expect((await stranger.agentMember.caller.desktop.history()).calls).toEqual([]);
    expect((await stranger.supervisor.caller.desktop.history()).calls).toEqual([]);
  });
});
