import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@ringflow/db";
import { flowTemplates } from "@ringflow/flow-schema/templates";
import { createSession } from "../services/auth/sessions.ts";
import { startFakeTwilio } from "../testing/fake-twilio.ts";
import { buildFixture, randomE164, snapshot, type Fixture } from "../testing/fixture.ts";
import { createHarness, outcome, TEST_PASSWORD, unique, type Caller } from "../testing/harness.ts";
import { appRouter } from "./_app.ts";

const ALL: Role[] = ["OWNER", "ADMIN", "DESIGNER", "SUPERVISOR", "AGENT"];
const ADMINS: Role[] = ["OWNER", "ADMIN"];
const DESIGNERS: Role[] = ["OWNER", "ADMIN", "DESIGNER"];
const STAFF: Role[] = ["OWNER", "ADMIN", "DESIGNER", "SUPERVISOR"];
const OWNERS: Role[] = ["OWNER"];
/** Who holds wallboard.view by default; and the days the analytics procedures are asked about. */
const SUPERVISORS: Role[] = ["OWNER", "ADMIN", "SUPERVISOR"];
const DAYS = { from: "2026-11-01", to: "2026-11-30" };
/** Who holds desktop.use by default (the agent desktop, contacts, click-to-call, the browser phone). */
const DESK: Role[] = ["OWNER", "ADMIN", "SUPERVISOR", "AGENT"];

type Who = { email: string; userId: string };

/** A webhook of the fixture's workspace, made by its owner. */
const webhookOf = async (f: { caller: Caller }) =>
  (await f.caller.integrations.createWebhook({ url: "https://93.184.215.14/hook", events: ["call.ended"] }))
    .id;
type Input = (f: Fixture, who: Who) => unknown;

/**
 * Every procedure of the router, with who may call it and an input built from a workspace's fixture.
 * `foreign`: what a member of another workspace gets when the input names this workspace's rows:
 * "refused" (NOT_FOUND or FORBIDDEN), or "own" for procedures scoped by the session alone (lists,
 * creates), which must then answer without any of the other workspace's data.
 * A procedure missing here fails the suite: add it with its roles and its tenancy expectation.
 */
const procedures: Record<
  string,
  {
    roles: Role[] | "anyone";
    foreign: "refused" | "own";
    input?: Input;
    roleInput?: Input;
    /** A refused member's attempt is audited: the one row it may add. */
    auditsRefusal?: string;
  }
> = {
  "system.health": { roles: "anyone", foreign: "own" },
  "system.config": { roles: "anyone", foreign: "own" },
  "auth.signUp": {
    roles: "anyone",
    foreign: "refused",
    // Joining with another workspace's invitation, addressed to someone else.
    input: (f) => ({
      email: `${unique("joiner")}@test.ringflow`,
      password: TEST_PASSWORD,
      name: "J",
      invitationToken: f.inviteToken,
    }),
    roleInput: () => ({
      email: `${unique("new")}@test.ringflow`,
      password: TEST_PASSWORD,
      name: "N",
      workspaceName: "New",
    }),
  },
  "auth.confirmSignUp": {
    roles: "anyone",
    foreign: "refused",
    // Tokens live in Redis, not in any workspace: an unknown one is NOT_FOUND for everybody.
    input: () => ({ token: "no-such-confirmation-token" }),
  },
  "auth.signIn": {
    roles: "anyone",
    foreign: "own",
    input: (_f, who) => ({ email: who.email, password: TEST_PASSWORD }),
  },
  "auth.signOut": { roles: "anyone", foreign: "own" },
  "auth.me": { roles: "anyone", foreign: "own" },
  "auth.switchTenant": { roles: ALL, foreign: "refused", input: (f) => ({ tenantId: f.tenantId }) },
  "members.acceptInvitation": {
    roles: ALL,
    foreign: "refused",
    input: (f) => ({ token: f.inviteToken }),
    roleInput: () => ({ token: "no-such-invitation-token" }),
  },
  "members.list": { roles: ADMINS, foreign: "own" },
  "members.invite": {
    roles: ADMINS,
    foreign: "own",
    input: () => ({ email: `${unique("inv")}@test.ringflow`, role: "DESIGNER" }),
  },
  "members.listInvitations": { roles: ADMINS, foreign: "own" },
  "members.revokeInvitation": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ invitationId: await f.throwaway.invitation() }),
  },
  "members.changeRole": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ membershipId: await f.throwaway.member(), role: "AGENT" }),
  },
  "members.remove": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ membershipId: await f.throwaway.member() }),
  },
  "flows.list": { roles: STAFF, foreign: "own", input: () => ({ includeArchived: true }) },
  "flows.templates": { roles: STAFF, foreign: "own" },
  "flows.get": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "flows.create": {
    roles: DESIGNERS,
    foreign: "own",
    input: () => ({ name: "Created", templateId: "supportQueue" }),
  },
  "flows.rename": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.spareFlowId, name: "Renamed" }),
  },
  "flows.duplicate": { roles: DESIGNERS, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "flows.archive": { roles: DESIGNERS, foreign: "refused", input: (f) => ({ flowId: f.spareFlowId }) },
  "flows.restore": { roles: DESIGNERS, foreign: "refused", input: (f) => ({ flowId: f.spareFlowId }) },
  "flows.saveDraft": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, revision: 1, document: flowTemplates.mainMenu.build() }),
  },
  "flows.publish": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, changelog: "again" }),
  },
  "flows.rollback": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, versionNumber: 1 }),
  },
  "flows.versions": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "flows.version": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId, number: 1 }) },
  "flows.diff": {
    roles: STAFF,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, from: 1, to: "draft" }),
  },
  "flows.export": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "testCases.list": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "testCases.run": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId }) },
  "testCases.save": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, callId: f.callId }),
  },
  "testCases.rename": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, caseId: "no-such-case", name: "Renamed" }),
  },
  "testCases.delete": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, caseId: "no-such-case" }),
  },
  "flows.import": {
    roles: DESIGNERS,
    foreign: "own",
    input: () => ({ content: flowTemplates.mainMenu.build() }),
  },
  "providers.list": { roles: ADMINS, foreign: "own" },
  "providers.create": {
    roles: ADMINS,
    foreign: "own",
    input: () => ({
      kind: "ASTERISK",
      name: "PBX",
      asterisk: {
        ariUrl: "http://127.0.0.1:1",
        username: "u",
        password: "p",
        applicationName: unique("app"),
      },
    }),
  },
  "providers.update": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ id: f.providerId, name: "Renamed" }),
  },
  "providers.delete": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ id: await f.throwaway.provider() }),
  },
  "providers.testConnection": { roles: ADMINS, foreign: "refused", input: (f) => ({ id: f.providerId }) },
  // The fixture's account is Twilio's: refused in words (browser phones are Asterisk's), changing nothing.
  "providers.setBrowserPhones": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ id: f.providerId, browserPhones: null }),
  },
  "providers.browserPhoneEndpoints": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ id: f.providerId }),
  },
  "numbers.list": { roles: STAFF, foreign: "own" },
  "numbers.add": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ e164: randomE164(), providerAccountId: f.providerId }),
  },
  "numbers.remove": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ phoneNumberId: await f.throwaway.number() }),
  },
  "numbers.listFromProvider": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ providerAccountId: f.providerId }),
  },
  "numbers.importFromProvider": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ providerAccountId: f.providerId, e164s: [f.numberE164] }),
  },
  "numbers.bind": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ phoneNumberId: f.numberId, flowId: f.flowId }),
  },
  "numbers.unbind": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ phoneNumberId: await f.throwaway.number(true) }),
  },
  "calls.list": { roles: STAFF, foreign: "own", input: (f) => ({ flowId: f.flowId }) },
  "calls.get": { roles: STAFF, foreign: "refused", input: (f) => ({ callId: f.callId }) },
  "calls.consents": { roles: STAFF, foreign: "refused", input: (f) => ({ callId: f.callId }) },
  "calls.startOutbound": {
    roles: DESIGNERS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, to: randomE164() }),
  },
  "recordings.playbackLink": {
    roles: STAFF,
    foreign: "refused",
    input: (f) => ({ recordingId: f.recordingId }),
    auditsRefusal: "recording.access-refused",
  },
  "recordings.copyAlerts": { roles: STAFF, foreign: "own" },
  "recordings.retryCopy": {
    roles: ADMINS,
    foreign: "refused",
    // The fixture's recording was copied: nothing waits to be retried, so nothing changes.
    input: (f) => ({ recordingId: f.recordingId }),
  },
  "recordings.forCall": {
    roles: STAFF,
    foreign: "refused",
    input: (f) => ({ callId: f.callId }),
    auditsRefusal: "recording.access-refused",
  },
  "recordings.transcriptionEngine": { roles: ADMINS, foreign: "own" },
  "recordings.setTranscriptionEngine": {
    roles: ADMINS,
    foreign: "own",
    // Choosing the default engine changes nobody's transcripts.
    input: () => ({ engine: "local" }),
  },
  "recordings.retention": { roles: ADMINS, foreign: "own" },
  "recordings.setRetention": {
    roles: ADMINS,
    foreign: "own",
    // The rule every workspace starts with: nothing is dated again.
    input: () => ({ days: 90, purgesCallDetails: false, deletesAtProvider: false }),
  },
  "recordings.setFlowRetention": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, days: null }),
  },
  "analytics.timeZone": { roles: STAFF, foreign: "own" },
  "analytics.setTimeZone": {
    roles: ADMINS,
    foreign: "own",
    // The zone every workspace starts in: setting it changes no one's numbers.
    input: () => ({ timeZone: "UTC" }),
  },
  "recordings.setLegalHold": {
    roles: ADMINS,
    foreign: "refused",
    // Releasing a call that is not held keeps everything as it was.
    input: (f) => ({ callId: f.callId, hold: false }),
  },
  "audit.list": { roles: ADMINS, foreign: "own" },
  "analytics.insights": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId, ...DAYS }) },
  "analytics.compareVersions": {
    roles: STAFF,
    foreign: "refused",
    input: (f) => ({ flowId: f.flowId, before: 1, after: 1, ...DAYS }),
  },
  "analytics.volume": { roles: STAFF, foreign: "own", input: () => DAYS },
  "analytics.funnel": { roles: STAFF, foreign: "refused", input: (f) => ({ flowId: f.flowId, ...DAYS }) },
  "analytics.flowCsv": { roles: STAFF, foreign: "own", input: () => ({ report: "volume", ...DAYS }) },
  "analytics.queueReport": { roles: SUPERVISORS, foreign: "own", input: () => DAYS },
  "analytics.agentReport": { roles: SUPERVISORS, foreign: "own", input: () => DAYS },
  "analytics.contactCenterCsv": {
    roles: SUPERVISORS,
    foreign: "own",
    input: () => ({ report: "agents", ...DAYS }),
  },
  "queues.list": { roles: ADMINS, foreign: "own" },
  "queues.get": { roles: ADMINS, foreign: "refused", input: (f) => ({ queueId: f.queueId }) },
  "queues.create": { roles: ADMINS, foreign: "own", input: () => ({ name: unique("queue") }) },
  "queues.update": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ queueId: f.queueId, description: "changed" }),
  },
  "queues.delete": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ queueId: await f.throwaway.queue() }),
  },
  "queues.setMembers": {
    roles: ADMINS,
    foreign: "refused",
    input: (f) => ({ queueId: f.queueId, members: [{ agentId: f.agentId, priority: 1 }] }),
  },
  "queues.wallboard": { roles: SUPERVISORS, foreign: "own" },
  "agents.list": { roles: SUPERVISORS, foreign: "own" },
  "agents.create": {
    roles: SUPERVISORS,
    foreign: "own",
    input: () => ({ displayName: "New agent", extension: String(Math.floor(Math.random() * 9e7) + 1e7) }),
  },
  "agents.update": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ agentId: f.agentId, displayName: "Renamed" }),
  },
  "agents.me": { roles: DESK, foreign: "own" },
  "agents.setState": {
    roles: DESK,
    foreign: "refused",
    input: (f) => ({ agentId: f.agentId, choice: { state: "available" } }),
    roleInput: () => ({ choice: { state: "offline" } }),
  },
  "agents.joinQueue": { roles: DESK, foreign: "refused", input: (f) => ({ queueId: f.queueId }) },
  "agents.leaveQueue": { roles: DESK, foreign: "refused", input: (f) => ({ queueId: f.queueId }) },
  "agents.setAwayReasons": {
    roles: SUPERVISORS,
    foreign: "own",
    input: () => ({ reasons: ["Break", "Lunch"] }),
  },
  "skills.list": { roles: SUPERVISORS, foreign: "own" },
  "skills.create": { roles: SUPERVISORS, foreign: "own", input: () => ({ name: unique("skill") }) },
  "skills.delete": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: async (f) => ({ skillId: await f.throwaway.skill() }),
  },
  "desktop.acceptOffer": { roles: DESK, foreign: "refused", input: () => ({ offerId: "no-such-offer" }) },
  "desktop.declineOffer": { roles: DESK, foreign: "refused", input: () => ({ offerId: "no-such-offer" }) },
  // A call of the workspace that is not the member's own: agents are refused, supervisors may act on it.
  ...Object.fromEntries(
    [
      "hold",
      "resume",
      "mute",
      "unmute",
      "completeConsult",
      "returnConsult",
      "hangUp",
      "stopMonitor",
      "startRecording",
      "stopRecording",
      "pauseRecording",
      "resumeRecording",
      "recordingState",
    ].map((name) => [
      `desktop.${name}`,
      { roles: SUPERVISORS, foreign: "refused" as const, input: (f: Fixture) => ({ callId: f.callId }) },
    ]),
  ),
  "desktop.transfer": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ callId: f.callId, target: { kind: "queue", queueId: f.queueId } }),
  },
  "desktop.consult": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ callId: f.callId, target: { kind: "agent", agentId: f.agentId } }),
  },
  "desktop.addParty": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ callId: f.callId, target: { kind: "agent", agentId: f.agentId } }),
  },
  "desktop.monitor": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ callId: f.callId, mode: "listen" }),
  },
  "desktop.updateCall": {
    roles: SUPERVISORS,
    foreign: "refused",
    input: (f) => ({ callId: f.callId, notes: "noted" }),
  },
  "desktop.screenPop": { roles: SUPERVISORS, foreign: "refused", input: (f) => ({ callId: f.callId }) },
  "desktop.history": { roles: DESK, foreign: "own" },
  "desktop.callerIds": { roles: DESK, foreign: "own" },
  "desktop.placeCall": {
    roles: DESK,
    foreign: "refused",
    input: (f) => ({ to: "+14155550199", from: f.numberE164 }),
  },
  "desktop.token": { roles: DESK, foreign: "own" },
  "desktop.sipPhone": { roles: DESK, foreign: "own" },
  "desktop.setTokenLifetime": { roles: ADMINS, foreign: "own", input: () => ({ ttlSeconds: 3600 }) },
  "contacts.list": { roles: DESK, foreign: "own" },
  "contacts.get": { roles: DESK, foreign: "refused", input: (f) => ({ contactId: f.contactId }) },
  "contacts.save": {
    roles: DESK,
    foreign: "own",
    input: () => ({ name: "Saved", numbers: [{ e164: randomE164() }] }),
  },
  "contacts.delete": {
    roles: DESK,
    foreign: "refused",
    input: async (f) => ({ contactId: await f.throwaway.contact() }),
  },
  "assets.list": { roles: STAFF, foreign: "own" },
  "assets.upload": {
    roles: DESIGNERS,
    foreign: "own",
    input: () => ({ name: "hello.wav", contentBase64: tinyWav() }),
  },
  "outbound.policy": { roles: ADMINS, foreign: "own" },
  "outbound.setPolicy": {
    roles: ADMINS,
    foreign: "own",
    // The defaults: confirming them changes nobody's limits.
    input: () => ({
      maxConcurrentCalls: 5,
      maxCallsPerMinute: 10,
      allowedCountries: ["US", "CA"],
      callerIdNumbers: [],
    }),
  },
  "integrations.createApiToken": {
    roles: ADMINS,
    foreign: "own",
    input: () => ({ name: "CRM", scopes: ["flows.read"] }),
  },
  "integrations.listApiTokens": { roles: ADMINS, foreign: "own" },
  "integrations.revokeApiToken": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({
      tokenId: (await f.caller.integrations.createApiToken({ name: "x", scopes: ["flows.read"] })).id,
    }),
  },
  // A public address written as one (the address guard resolves nothing); nothing is sent to it here.
  "integrations.createWebhook": {
    roles: ADMINS,
    foreign: "own",
    input: () => ({ url: "https://93.184.215.14/hook", events: ["call.ended"] }),
  },
  "integrations.listWebhooks": { roles: ADMINS, foreign: "own" },
  "integrations.updateWebhook": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ endpointId: await webhookOf(f), enabled: false }),
  },
  "integrations.deleteWebhook": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ endpointId: await webhookOf(f) }),
  },
  "integrations.webhookDeliveries": {
    roles: ADMINS,
    foreign: "refused",
    input: async (f) => ({ endpointId: await webhookOf(f) }),
  },
  "access.matrix": { roles: OWNERS, foreign: "own" },
  "access.setPermission": {
    roles: OWNERS,
    foreign: "own",
    // Agents do not see the wallboard by default: confirming that default changes nobody's access.
    input: () => ({ role: "AGENT", permission: "wallboard.view", granted: false }),
  },
};

function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const procedure = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

describe("access", () => {
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let h: ReturnType<typeof createHarness>;
  let victim: Fixture;
  let intruder: Fixture;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    h = createHarness({ twilioApiBaseUrl: twilio.url });
    victim = await buildFixture(h, "victim", twilio);
    intruder = await buildFixture(h, "intruder", twilio);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await twilio.close();
  });

  /** A caller with a fresh session, so signing out in one case does not end the next. */
  async function callerFor(userId: string, activeTenantId: string | null) {
    const { token } = await createSession(h.db, userId, { activeTenantId });
    return h.caller({
      sessionToken: token,
      request: { ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    });
  }

  it("lists every procedure of the router, and nothing else", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(procedures).sort());
  });

  it(
    "never lets a member of another workspace read or change this one's data",
    { timeout: 120_000 },
    async () => {
      const failures: string[] = [];
      for (const [path, spec] of Object.entries(procedures)) {
        const input = await spec.input?.(victim, intruder);
        const before = await snapshot(h, victim.tenantId);
        const caller = await callerFor(intruder.userId, intruder.tenantId);
        let result: unknown;
        let code = "OK";
        try {
          result = await call(caller, path, input);
        } catch (error) {
          code = (error as { code?: string }).code ?? `THREW ${(error as Error).message}`;
        }
        if (spec.foreign === "refused" && code !== "NOT_FOUND" && code !== "FORBIDDEN")
          failures.push(`${path}: expected NOT_FOUND or FORBIDDEN, got ${code}`);
        if (spec.foreign === "own") {
          if (code !== "OK")
            failures.push(`${path}: expected to answer for the caller's own workspace, got ${code}`);
          const leaked = victim.markers.filter((marker) => JSON.stringify(result ?? null).includes(marker));
          if (leaked.length)
            failures.push(`${path}: answered with the other workspace's ${leaked.join(", ")}`);
        }
        if ((await snapshot(h, victim.tenantId)) !== before)
          failures.push(`${path}: changed the other workspace's data`);
      }
      expect(failures).toEqual([]);
    },
  );

  it(
    "refuses every workspace procedure to a session pointed at a workspace its user is not a member of",
    { timeout: 60_000 },
    async () => {
      const failures: string[] = [];
      const before = await snapshot(h, victim.tenantId);
      for (const [path, spec] of Object.entries(procedures)) {
        if (spec.roles === "anyone") continue;
        const caller = await callerFor(intruder.userId, victim.tenantId);
        const code = await outcome(call(caller, path, await spec.input?.(intruder, intruder)));
        if (code !== "FORBIDDEN" && !(path === "auth.switchTenant" || path === "members.acceptInvitation"))
          failures.push(`${path}: expected FORBIDDEN, got ${code}`);
      }
      expect(failures).toEqual([]);
      expect(await snapshot(h, victim.tenantId)).toBe(before);
    },
  );

  it("enforces the role matrix", { timeout: 120_000 }, async () => {
    const members: Partial<Record<Role, Who>> = { OWNER: intruder };
    for (const role of ALL.filter((r) => r !== "OWNER"))
      members[role] = await h.member(intruder.tenantId, role);
    const failures: string[] = [];
    for (const [path, spec] of Object.entries(procedures)) {
      for (const role of ALL) {
        const who = members[role]!;
        const input = await (spec.roleInput ?? spec.input)?.(intruder, who);
        const allowed = spec.roles === "anyone" || spec.roles.includes(role);
        const before = await snapshot(h, intruder.tenantId);
        const code = await outcome(call(await callerFor(who.userId, intruder.tenantId), path, input));
        if (
          allowed &&
          (["FORBIDDEN", "UNAUTHORIZED", "INTERNAL_SERVER_ERROR"].includes(code) || code.startsWith("THREW"))
        )
          failures.push(`${path} as ${role}: expected to be allowed, got ${code}`);
        if (!allowed) {
          if (code !== "FORBIDDEN") failures.push(`${path} as ${role}: expected FORBIDDEN, got ${code}`);
          if (spec.auditsRefusal) {
            const audited = await h.db.auditLog.deleteMany({
              where: { tenantId: intruder.tenantId, actorUserId: who.userId, action: spec.auditsRefusal },
            });
            if (audited.count !== 1)
              failures.push(`${path} as ${role}: expected the refusal audited once, got ${audited.count}`);
          }
          if ((await snapshot(h, intruder.tenantId)) !== before)
            failures.push(`${path} as ${role}: changed data although refused`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("masks secret-looking values in the execution log", async () => {
    const detail = await victim.caller.calls.get({ callId: victim.callId });
    expect(detail.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(JSON.stringify(detail)).not.toContain("sk_live_abc");
    expect(detail.events[1]?.data).toEqual({
      request: { headers: { Authorization: "[masked]", Accept: "json" } },
    });
  });
});

/** A valid 0.1 s WAV (8 kHz, 16-bit mono, silence): what a Play block's upload accepts. */
function tinyWav(): string {
  const samples = Buffer.alloc(1600);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + samples.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]).toString("base64");
}
