import { randomBytes } from "node:crypto";
import { sealCredentials, toJson, type Role } from "@ringflow/db";
import type { Harness } from "./harness.ts";
import type { FakeAccount } from "./fake-twilio.ts";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const randomE164 = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

/**
 * A workspace with one of everything: a published flow bound to a Twilio number, a spare flow, a
 * provider account, a call with events, a second member and a pending invitation. `markers` are strings
 * that only this workspace's data contains, to spot any of it leaking elsewhere.
 */
export async function buildFixture(
  h: Harness,
  label: string,
  twilio?: { addAccount(account: FakeAccount): void },
) {
  const ws = await h.workspace(label);
  const accountSid = `AC${hex(16)}`;
  const authToken = `token-${hex(8)}`;
  const numberE164 = randomE164();
  const numberSid = `PN${hex(16)}`;
  twilio?.addAccount({
    sid: accountSid,
    authToken,
    numbers: [{ sid: numberSid, phoneNumber: numberE164, friendlyName: "Line" }],
  });
  const flow = await ws.caller.flows.create({ name: `${ws.slug} main`, templateId: "mainMenu" });
  await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
  const spare = await ws.caller.flows.create({ name: `${ws.slug} spare` });
  const provider = await ws.caller.providers.create({
    kind: "TWILIO",
    name: `${ws.slug} twilio`,
    twilio: { accountSid, authToken },
  });
  const [number] = await ws.caller.numbers.importFromProvider({
    providerAccountId: provider.id,
    e164s: [numberE164],
  });
  await ws.caller.numbers.bind({ phoneNumberId: number!.id, flowId: flow.id });
  const member = await h.member(ws.tenantId, "DESIGNER");
  const invitation = await ws.caller.members.invite({
    email: `invitee-${hex(4)}@test.ringflow`,
    role: "AGENT",
  });
  const call = await h.db.call.create({
    data: {
      tenantId: ws.tenantId,
      provider: "TWILIO",
      providerCallId: `CA${hex(16)}`,
      direction: "INBOUND",
      fromNumber: "+15550001234",
      toNumber: numberE164,
      flowId: flow.id,
      status: "COMPLETED",
      outcome: "hangup",
      events: {
        create: [
          { tenantId: ws.tenantId, seq: 1, at: new Date(), type: "node.enter", nodeId: "start" },
          {
            tenantId: ws.tenantId,
            seq: 2,
            at: new Date(),
            type: "http.exchange",
            nodeId: "lookup",
            data: toJson({ request: { headers: { Authorization: "Bearer sk_live_abc", Accept: "json" } } }),
          },
        ],
      },
    },
  });
  // Not copied yet, its copy failed: an alert, and a recording no one can play.
  const recording = await h.db.recording.create({
    data: {
      tenantId: ws.tenantId,
      callId: call.id,
      status: "AVAILABLE",
      copyFailedAt: new Date(),
      copyError: "Twilio answered 500 when asked for the recording.",
    },
  });

  // A contact center: the owner is an agent of a queue agents may join, with a skill, and a contact.
  const ownerMembership = await h.db.membership.findFirstOrThrow({
    where: { tenantId: ws.tenantId, userId: ws.userId },
    select: { id: true },
  });
  const skill = await ws.caller.skills.create({ name: "billing" });
  const queue = await ws.caller.queues.create({ name: `${ws.slug} queue`, allowSelfJoin: true });
  const agent = await ws.caller.agents.create({
    displayName: `${ws.slug} agent`,
    extension: "100",
    membershipId: ownerMembership.id,
    skills: [{ skillId: skill.id, level: 5 }],
  });
  await ws.caller.queues.setMembers({ queueId: queue.id, members: [{ agentId: agent.id, priority: 0 }] });
  const contact = await ws.caller.contacts.save({
    name: `${ws.slug} contact`,
    numbers: [{ e164: randomE164() }],
  });

  /** Throwaway rows for procedures that delete or change what they are given. */
  const throwaway = {
    provider: async () =>
      (
        await h.db.providerAccount.create({
          data: {
            tenantId: ws.tenantId,
            kind: "ASTERISK",
            name: "spare pbx",
            externalId: `app-${hex(6)}`,
            ...sealCredentials(ws.tenantId, "ASTERISK", {
              ariUrl: "http://127.0.0.1:1",
              username: "u",
              password: "p",
              applicationName: "spare",
            }),
          },
        })
      ).id,
    number: async (bound = false) => {
      const row = await h.db.phoneNumber.create({ data: { tenantId: ws.tenantId, e164: randomE164() } });
      if (bound)
        await h.db.numberBinding.create({
          data: { tenantId: ws.tenantId, phoneNumberId: row.id, flowId: flow.id },
        });
      return row.id;
    },
    member: async (role: Role = "SUPERVISOR") => (await h.member(ws.tenantId, role)).membershipId,
    queue: async () => (await h.db.queue.create({ data: { tenantId: ws.tenantId, name: `q-${hex(4)}` } })).id,
    skill: async () => (await h.db.skill.create({ data: { tenantId: ws.tenantId, name: `s-${hex(4)}` } })).id,
    contact: async () => (await h.db.contact.create({ data: { tenantId: ws.tenantId, name: "Spare" } })).id,
    invitation: async () =>
      (await ws.caller.members.invite({ email: `x-${hex(4)}@test.ringflow`, role: "AGENT" })).id,
  };

  return {
    ...ws,
    flowId: flow.id,
    spareFlowId: spare.id,
    providerId: provider.id,
    numberId: number!.id,
    numberE164,
    callId: call.id,
    recordingId: recording.id,
    memberId: member.membershipId,
    queueId: queue.id,
    agentId: agent.id,
    skillId: skill.id,
    contactId: contact.id,
    inviteToken: invitation.token,
    throwaway,
    markers: [
      ws.tenantId,
      ws.slug,
      ws.email,
      flow.id,
      spare.id,
      provider.id,
      number!.id,
      numberE164,
      call.id,
      recording.id,
      accountSid,
      authToken,
      member.membershipId,
      invitation.id,
      queue.id,
      agent.id,
      contact.id,
    ],
  };
}

export type Fixture = Awaited<ReturnType<typeof buildFixture>>;

/** Every row a workspace owns, to prove a refused call changed nothing. */
export async function snapshot(h: Harness, tenantId: string): Promise<string> {
  const where = { tenantId };
  const [
    tenant,
    flows,
    versions,
    numbers,
    bindings,
    providers,
    memberships,
    invitations,
    calls,
    events,
    audit,
  ] = await Promise.all([
    h.db.tenant.findUnique({ where: { id: tenantId } }),
    h.db.flow.findMany({ where, orderBy: { id: "asc" } }),
    h.db.flowVersion.findMany({ where, orderBy: { id: "asc" } }),
    h.db.phoneNumber.findMany({ where, orderBy: { id: "asc" } }),
    h.db.numberBinding.findMany({ where, orderBy: { id: "asc" } }),
    h.db.providerAccount.findMany({ where, orderBy: { id: "asc" } }),
    h.db.membership.findMany({ where, orderBy: { id: "asc" } }),
    h.db.invitation.findMany({ where, orderBy: { id: "asc" } }),
    h.db.call.findMany({ where, orderBy: { id: "asc" } }),
    h.db.callEvent.count({ where }),
    h.db.auditLog.count({ where }),
  ]);
  const contactCenter = await Promise.all([
    h.db.queue.findMany({ where, orderBy: { id: "asc" }, include: { members: true, requiredSkills: true } }),
    h.db.agent.findMany({ where, orderBy: { id: "asc" }, include: { skills: true, endpoints: true } }),
    h.db.skill.findMany({ where, orderBy: { id: "asc" } }),
    h.db.agentAwayReason.findMany({ where, orderBy: { id: "asc" } }),
    h.db.contact.findMany({ where, orderBy: { id: "asc" }, include: { numbers: true } }),
    h.db.outboundPolicy.findMany({ where }),
  ]);
  return JSON.stringify(
    {
      tenant,
      flows,
      versions,
      numbers,
      bindings,
      providers,
      memberships,
      invitations,
      calls,
      events,
      audit,
      contactCenter,
    },
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
  );
}
