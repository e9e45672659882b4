import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionWatcher, sessionIdFromToken, type SessionEnd } from "@ringflow/access";
import { createHarness, outcome, type Harness } from "../../testing/harness.ts";

let h: Harness;
let watcher: SessionWatcher;
beforeAll(() => {
  h = createHarness();
  watcher = new SessionWatcher({ db: h.db, redis: h.redis });
});
afterAll(async () => {
  await watcher.close();
  await h.close();
});

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );

describe("access.setPermission", () => {
  it("takes effect on the very next request, is audited, and can be undone", async () => {
    const ws = await h.workspace("perm");
    const designer = await h.member(ws.tenantId, "DESIGNER");
    const create = () => designer.caller.flows.create({ name: "New", templateId: "supportQueue" });
    expect(await outcome(create())).toBe("OK");

    await ws.caller.access.setPermission({ role: "DESIGNER", permission: "flows.edit", granted: false });
    expect(await refusal(create())).toEqual({
      code: "FORBIDDEN",
      message: "Your role (designer) cannot do this here: it needs the permission flows.edit.",
    });
    // Reading is a separate permission and stays.
    expect(await outcome(designer.caller.flows.list({}))).toBe("OK");
    const matrix = await ws.caller.access.matrix();
    expect(
      matrix.roles.find((r) => r.role === "DESIGNER")?.permissions.find((p) => p.permission === "flows.edit"),
    ).toEqual({ permission: "flows.edit", granted: false, isDefault: false, fixed: false });
    const audit = await ws.caller.audit.list({ action: "access.permission-change" });
    expect(audit.entries.map((e) => [e.targetId, e.data])).toEqual([
      ["DESIGNER", { permission: "flows.edit", granted: false }],
    ]);

    await ws.caller.access.setPermission({ role: "DESIGNER", permission: "flows.edit", granted: true });
    expect(await outcome(create())).toBe("OK");
  });

  it("grants beyond the defaults: an agent may read flows once the owner says so", async () => {
    const ws = await h.workspace("grant");
    const agent = await h.member(ws.tenantId, "AGENT");
    expect(await outcome(agent.caller.flows.list({}))).toBe("FORBIDDEN");
    await ws.caller.access.setPermission({ role: "AGENT", permission: "flows.read", granted: true });
    expect(await outcome(agent.caller.flows.list({}))).toBe("OK");
    expect((await agent.caller.auth.me())?.permissions).toContain("flows.read");
  });

  it("never takes access.manage from owners, and only owners touch the owner role", async () => {
    const ws = await h.workspace("fixed");
    expect(
      await refusal(
        ws.caller.access.setPermission({ role: "OWNER", permission: "access.manage", granted: false }),
      ),
    ).toEqual({ code: "PRECONDITION_FAILED", message: "The owner role always keeps access.manage." });
    await ws.caller.access.setPermission({ role: "ADMIN", permission: "access.manage", granted: true });
    const admin = await h.member(ws.tenantId, "ADMIN");
    expect(
      await outcome(
        admin.caller.access.setPermission({ role: "OWNER", permission: "audit.read", granted: false }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(
        admin.caller.access.setPermission({ role: "DESIGNER", permission: "audit.read", granted: true }),
      ),
    ).toBe("OK");
  });
});

describe("revocation", () => {
  function ends() {
    const events: SessionEnd[] = [];
    return { events, onEnd: (end: SessionEnd) => events.push(end) };
  }

  it("signing out ends the session's sockets", async () => {
    const ws = await h.workspace("signout");
    const end = ends();
    await watcher.watchSession(sessionIdFromToken(ws.token), end.onEnd);
    await ws.caller.auth.signOut();
    await expect
      .poll(() => end.events)
      .toEqual([{ reason: "signed-out", code: 4401, message: "signed out" }]);
  });

  it("removing a member or changing their role away from a permission ends the sockets that need it", async () => {
    const ws = await h.workspace("remove");
    const designer = await h.member(ws.tenantId, "DESIGNER");
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    const designerEnd = ends();
    const supervisorEnd = ends();
    const scope = { permission: "flows.read" as const, tenant: ws.tenantId };
    await watcher.watchSession(sessionIdFromToken(designer.token), designerEnd.onEnd, scope);
    await watcher.watchSession(sessionIdFromToken(supervisor.token), supervisorEnd.onEnd, scope);

    // Designer to supervisor keeps flows.read: the socket stays.
    await ws.caller.members.changeRole({ membershipId: designer.membershipId, role: "SUPERVISOR" });
    await ws.caller.members.changeRole({ membershipId: supervisor.membershipId, role: "AGENT" });
    await expect.poll(() => supervisorEnd.events.map((e) => e.reason)).toEqual(["forbidden"]);
    expect(designerEnd.events).toEqual([]);

    await ws.caller.members.remove({ membershipId: designer.membershipId });
    await expect.poll(() => designerEnd.events.map((e) => e.reason)).toEqual(["forbidden"]);
  });
});
