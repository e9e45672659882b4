import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { CALL_CONTROL_QUEUE, callControlJobId, callControlJobSchema } from "@ringflow/flow-schema";
import { closeCallControlQueue } from "../../services/desktop/call-control-queue.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { contactCenter } from "../../testing/contact-center.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("desktop actions", () => {
  const h = createHarness({}, { ownRedisPrefix: true });
  const prefix = `${h.redis.options.keyPrefix ?? ""}bull`;
  const jobs = new Queue(CALL_CONTROL_QUEUE, {
    connection: h.redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null }),
    prefix,
  });
  afterAll(async () => {
    await closeCallControlQueue(h.redis);
    await jobs.close();
    await h.close();
  });

  /** The call-control job a request became, parsed with the runtime's contract. */
  async function jobOf(tenantId: string, requestId: string) {
    const job = await jobs.getJob(callControlJobId({ tenantId, requestId }));
    return callControlJobSchema.parse(job?.data);
  }

  it("enqueues each action on the agent's own call as a call-control command", async () => {
    const cc = await contactCenter(h, "desk");
    const call = await cc.liveCall();
    const desk = cc.agentMember.caller.desktop;
    // A consultation rings an agent who is free: a colleague signed in and available.
    const colleagueMember = await h.member(cc.ws.tenantId, "AGENT");
    const colleague = await cc.ws.caller.agents.create({
      displayName: "Bo",
      extension: "102",
      membershipId: colleagueMember.membershipId,
    });
    await colleagueMember.caller.agents.setState({ choice: { state: "available" } });
    const hold = await desk.hold({ callId: call.id });
    expect(await jobOf(cc.ws.tenantId, hold.requestId)).toMatchObject({
      tenantId: cc.ws.tenantId,
      callId: call.id,
      requestedBy: { userId: cc.agentMember.userId, agentId: cc.agent.id, apiTokenId: null },
      command: { action: "hold", party: "caller" },
    });
    const actions = [
      await desk.resume({ callId: call.id }),
      await desk.transfer({ callId: call.id, target: { kind: "queue", queueId: cc.queue.id } }),
      await desk.consult({ callId: call.id, target: { kind: "agent", agentId: colleague.id } }),
      await desk.completeConsult({ callId: call.id }),
      await desk.returnConsult({ callId: call.id }),
      await desk.addParty({ callId: call.id, target: { kind: "number", number: "+14155550199" } }),
      await desk.hangUp({ callId: call.id, endCall: true }),
      await desk.startRecording({ callId: call.id }),
      await desk.pauseRecording({ callId: call.id }),
      await desk.stopRecording({ callId: call.id }),
    ];
    const stored = await Promise.all(actions.map((a) => jobOf(cc.ws.tenantId, a.requestId)));
    expect(stored.map((job) => job.command.action)).toEqual([
      "resume",
      "transfer",
      "consult",
      "consult.complete",
      "consult.return",
      "add-party",
      "hangup",
      "recording.start",
      "recording.pause",
      "recording.stop",
    ]);
    expect(stored[6]!.command).toEqual({ action: "hangup", party: "agent", endCall: true });
  });

  it("keeps agents to their own calls, listening to supervisors, and numbers to allowed countries", async () => {
    const cc = await contactCenter(h, "rules");
    const call = await cc.liveCall();
    const colleague = await h.member(cc.ws.tenantId, "AGENT");
    await cc.ws.caller.agents.create({
      displayName: "Bo",
      extension: "102",
      membershipId: colleague.membershipId,
    });
    await expect(colleague.caller.desktop.hold({ callId: call.id })).rejects.toThrow(
      "You can act only on your own calls.",
    );
    await expect(cc.agentMember.caller.desktop.monitor({ callId: call.id, mode: "listen" })).rejects.toThrow(
      "Only supervisors may listen to, whisper to or barge into calls.",
    );
    const listen = await cc.supervisor.caller.desktop.monitor({ callId: call.id, mode: "whisper" });
    expect((await jobOf(cc.ws.tenantId, listen.requestId)).command).toEqual({
      action: "monitor",
      mode: "whisper",
      supervisorUserId: cc.supervisor.userId,
      endpoint: { kind: "twilio-client", address: `user-${cc.supervisor.userId}` },
    });
    await cc.supervisor.caller.desktop.hold({ callId: call.id });

    await expect(
      cc.agentMember.caller.desktop.transfer({
        callId: call.id,
        target: { kind: "number", number: "+442071838750" },
      }),
    ).rejects.toThrow(
      "Calls to United Kingdom are not allowed in this workspace (allowed: United States, Canada). An admin can change this under outbound limits.",
    );
    const other = await contactCenter(h, "elsewhere");
    expect(
      await outcome(
        cc.agentMember.caller.desktop.transfer({
          callId: call.id,
          target: { kind: "queue", queueId: other.queue.id },
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await outcome(other.supervisor.caller.desktop.hold({ callId: call.id }))).toBe("NOT_FOUND");

    await h.db.consentRecord.create({
      data: {
        tenantId: cc.ws.tenantId,
        callId: call.id,
        nodeId: "consent",
        required: true,
        granted: false,
        method: "dtmf",
        rule: "all-party",
        announcementText: "This call may be recorded.",
        at: new Date(),
      },
    });
    await expect(cc.agentMember.caller.desktop.startRecording({ callId: call.id })).rejects.toThrow(
      "The caller asked not to be recorded (consent withdrawn), so this call cannot be recorded.",
    );
    await h.db.call.update({ where: { id: call.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    await expect(cc.agentMember.caller.desktop.hold({ callId: call.id })).rejects.toThrow(
      "This call has ended.",
    );
  });

  it("answers and declines offers through the queue engine, in words when it is too late", async () => {
    const cc = await contactCenter(h, "offers");
    const engine = queueEngine(h.redis);
    await cc.agentMember.caller.agents.setState({ choice: { state: "available" } });
    const first = await engine.enqueue(cc.ws.tenantId, {
      queueId: cc.queue.id,
      callId: "c-1",
      reaches: ["phone"],
    });
    const declined = await cc.agentMember.caller.desktop.declineOffer({ offerId: first.offers[0]!.offerId });
    expect(declined.status).toBe("ok");
    await expect(
      cc.agentMember.caller.desktop.acceptOffer({ offerId: first.offers[0]!.offerId }),
    ).rejects.toThrow(/not ringing|went to the next agent/);
    // The only agent is offered the caller again, under a new offer.
    const offers = (await engine.events(cc.ws.tenantId)).flatMap(({ event }) =>
      event.type === "queue.offered" ? [event.offerId] : [],
    );
    expect(offers).toHaveLength(2);
    const offer = { offerId: offers[1]! };
    const accepted = await cc.agentMember.caller.desktop.acceptOffer({ offerId: offer!.offerId });
    expect(accepted).toMatchObject({ status: "connected", queueId: cc.queue.id });
  });

  it("saves disposition, notes, wrap-up answers and CRM references against the call's agent view", async () => {
    const cc = await contactCenter(h, "wrap");
    const version = await cc.flowVersion([
      {
        id: "queue",
        kind: "enqueue",
        params: {
          agentView: {
            dispositions: [
              { id: "resolved", label: "Resolved" },
              { id: "callback", label: "Call back" },
            ],
            wrapUp: [{ id: "reason", label: "Why did they call?", type: "text", required: true }],
          },
        },
      },
    ]);
    const call = await cc.liveCall({ path: ["start", "queue"], flowVersionId: version.id });
    const desk = cc.agentMember.caller.desktop;
    await desk.updateCall({ callId: call.id, notes: "Asked about the late fee." });
    await expect(desk.updateCall({ callId: call.id, disposition: "sold" })).rejects.toThrow(
      "Choose one of this call's outcomes: Resolved, Call back.",
    );
    await expect(desk.updateCall({ callId: call.id, disposition: "resolved", finish: true })).rejects.toThrow(
      /Check the answers after the call/,
    );
    await expect(desk.updateCall({ callId: call.id, wrapUpAnswers: { mood: "fine" } })).rejects.toThrow(
      /Check the answers after the call/,
    );
    const done = await desk.updateCall({
      callId: call.id,
      disposition: "resolved",
      wrapUpAnswers: { reason: "late fee" },
      externalRefs: [{ system: "Salesforce", id: "003XYZ", url: "https://crm.example.com/003XYZ" }],
      finish: true,
    });
    expect(done).toMatchObject({
      disposition: "resolved",
      notes: "Asked about the late fee.",
      wrapUpAnswers: { reason: "late fee" },
      externalRefs: [{ system: "Salesforce", id: "003XYZ" }],
    });
    expect(done.wrappedUpAt).toBeInstanceOf(Date);
  });

  it("finishes a call still going on against the agent view its log reached, and lists the outcome in words", async () => {
    const cc = await contactCenter(h, "live-wrap");
    const version = await cc.flowVersion([
      { id: "start", kind: "start", params: {} },
      {
        id: "queue",
        kind: "enqueue",
        params: {
          agentView: {
            fields: [{ label: "Account", value: "{{vars.account}}" }],
            dispositions: [{ id: "resolved", label: "Resolved" }],
          },
        },
      },
    ]);
    // A live call's row has no path yet (the call's summary writes it at the end): its log has.
    const call = await cc.liveCall({ flowVersionId: version.id });
    const log = (seq: number, type: string, nodeId: string | null, data: object) =>
      h.db.callEvent.create({
        data: { tenantId: cc.ws.tenantId, callId: call.id, seq, at: new Date(), type, nodeId, data },
      });
    await log(0, "enter", "start", { variables: {} });
    await log(1, "resume", "start", { variables: { account: "4471" } });
    await log(2, "enter", "queue", { variables: {} });
    const desk = cc.agentMember.caller.desktop;
    const pop = await desk.screenPop({ callId: call.id });
    expect(pop.dispositions.map((d) => d.label)).toEqual(["Resolved"]);
    expect(pop.fields).toMatchObject([{ label: "Account", text: "4471" }]);
    await expect(desk.updateCall({ callId: call.id, finish: true })).rejects.toThrow(
      "Choose the call's outcome before finishing.",
    );
    await desk.updateCall({ callId: call.id, disposition: "resolved", finish: true });
    const listed = (await desk.history()).calls.find((c) => c.id === call.id);
    expect(listed).toMatchObject({ disposition: "resolved", dispositionLabel: "Resolved" });
  });

  it("records within consent: a caller's refusal is shown, and stopping at their request withdraws it", async () => {
    const cc = await contactCenter(h, "recording");
    const call = await cc.liveCall();
    const desk = cc.agentMember.caller.desktop;
    expect(await desk.recordingState({ callId: call.id })).toEqual({
      consent: "not-asked",
      recording: false,
    });
    const started = await desk.startRecording({ callId: call.id });
    expect((await jobOf(cc.ws.tenantId, started.requestId)).command).toEqual({ action: "recording.start" });
    await h.db.recording.create({ data: { tenantId: cc.ws.tenantId, callId: call.id, kind: "call" } });
    expect(await desk.recordingState({ callId: call.id })).toEqual({ consent: "not-asked", recording: true });

    const stopped = await desk.stopRecording({ callId: call.id, callerAsked: true });
    expect((await jobOf(cc.ws.tenantId, stopped.requestId)).command).toEqual({ action: "recording.stop" });
    const consents = await cc.supervisor.caller.calls.consents({ callId: call.id });
    expect(consents.consents).toMatchObject([{ granted: false, required: true, method: "agent" }]);
    expect((await desk.recordingState({ callId: call.id })).consent).toBe("withdrawn");
    await expect(desk.startRecording({ callId: call.id })).rejects.toThrow(/asked not to be recorded/);
    await expect(desk.resumeRecording({ callId: call.id })).rejects.toThrow(/asked not to be recorded/);

    // Another workspace's agent cannot see or touch the call.
    const other = await contactCenter(h, "recording-other");
    expect(await outcome(other.agentMember.caller.desktop.recordingState({ callId: call.id }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await outcome(other.agentMember.caller.desktop.stopRecording({ callId: call.id, callerAsked: true })),
    ).toBe("NOT_FOUND");
    expect(await h.db.consentRecord.count({ where: { callId: call.id } })).toBe(1);
  });

  it("shows agents their own calls and supervisors all, with the contact each number belongs to", async () => {
    const cc = await contactCenter(h, "history");
    const mine = await cc.liveCall({ fromNumber: "+14155550177" });
    const theirs = await cc.liveCall({ agentId: null });
    const contact = await cc.agentMember.caller.contacts.save({
      name: "Grace Hopper",
      company: "Navy",
      numbers: [{ e164: "+14155550177", label: "mobile" }],
    });
    await expect(
      cc.agentMember.caller.contacts.save({ name: "Other", numbers: [{ e164: "+14155550177" }] }),
    ).rejects.toThrow("One of these numbers belongs to another contact already.");

    const own = await cc.agentMember.caller.desktop.history();
    expect(own.calls.map((c) => [c.id, c.contact?.name ?? null])).toEqual([[mine.id, "Grace Hopper"]]);
    const all = await cc.supervisor.caller.desktop.history();
    expect(all.calls.map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());

    expect((await cc.agentMember.caller.contacts.list({ search: "grace" })).map((c) => c.id)).toEqual([
      contact.id,
    ]);
    expect((await cc.agentMember.caller.contacts.list({ search: "555017" })).map((c) => c.id)).toEqual([
      contact.id,
    ]);
    expect(
      (await cc.agentMember.caller.contacts.get({ contactId: contact.id })).calls.map((c) => c.id),
    ).toEqual([mine.id]);
    const stranger = await h.workspace("stranger");
    expect(await outcome(stranger.caller.contacts.get({ contactId: contact.id }))).toBe("NOT_FOUND");
    const other = await contactCenter(h, "history-other");
    expect(await outcome(other.agentMember.caller.contacts.get({ contactId: contact.id }))).toBe("NOT_FOUND");
    expect(await other.agentMember.caller.contacts.list()).toEqual([]);
  });
});
