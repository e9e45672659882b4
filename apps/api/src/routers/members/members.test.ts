import { afterAll, describe, expect, it } from "vitest";
import { createHarness, outcome, TEST_PASSWORD, unique } from "../../testing/harness.ts";

describe("members", () => {
  const h = createHarness();
  afterAll(() => h.close());

  it("invites with a role; the invitee signs up into the workspace, once", async () => {
    const ws = await h.workspace("team");
    const email = `${unique("designer")}@test.ringflow`;
    const invitation = await ws.caller.members.invite({ email, role: "DESIGNER" });
    expect(invitation.token.length).toBeGreaterThan(20);
    expect(await h.db.invitation.findFirst({ where: { tokenHash: invitation.token } })).toBeNull();
    expect((await ws.caller.members.listInvitations()).map((i) => i.email)).toEqual([email]);

    const joined = await h
      .caller()
      .auth.signUp({ email, password: TEST_PASSWORD, name: "Dee", invitationToken: invitation.token });
    expect(joined).toMatchObject({ status: "signed-in", tenantId: ws.tenantId });
    const roles = (await ws.caller.members.list()).map((m) => [m.user.email, m.role]);
    expect(roles).toEqual([
      [ws.email, "OWNER"],
      [email, "DESIGNER"],
    ]);
    expect(await ws.caller.members.listInvitations()).toEqual([]);
    const again = h.caller().auth.signUp({
      email: `${unique("other")}@test.ringflow`,
      password: TEST_PASSWORD,
      name: "O",
      invitationToken: invitation.token,
    });
    await expect(again).rejects.toThrow(/not valid any more/);
  });

  it("lets an existing user accept an invitation for their own email only", async () => {
    const ws = await h.workspace("accept");
    const other = await h.workspace("accepter");
    const stranger = await h.workspace("stranger");
    const { token } = await ws.caller.members.invite({ email: other.email, role: "SUPERVISOR" });
    expect(await outcome(stranger.caller.members.acceptInvitation({ token }))).toBe("FORBIDDEN");
    expect(await other.caller.members.acceptInvitation({ token })).toEqual({
      tenantId: ws.tenantId,
      role: "SUPERVISOR",
    });
    await other.caller.auth.switchTenant({ tenantId: ws.tenantId });
    expect((await other.caller.auth.me())?.role).toBe("SUPERVISOR");
  });

  it("tells someone holding an invitation token nothing about the invited email or the workspace", async () => {
    const ws = await h.workspace("secretive");
    const invited = `${unique("invitee")}@test.ringflow`;
    const { token } = await ws.caller.members.invite({ email: invited, role: "DESIGNER" });
    const stranger = await h.workspace("snoop");
    const leaks = (error: unknown) => {
      const text = JSON.stringify({ message: (error as Error).message, error });
      return [invited, ws.slug, "secretive"].filter((secret) => text.includes(secret));
    };

    const accepted = await stranger.caller.members.acceptInvitation({ token }).catch((e: unknown) => e);
    expect(accepted).toMatchObject({ code: "FORBIDDEN" });
    expect(leaks(accepted)).toEqual([]);
    const joined = await h
      .caller()
      .auth.signUp({
        email: `${unique("x")}@test.ringflow`,
        password: TEST_PASSWORD,
        name: "X",
        invitationToken: token,
      })
      .catch((e: unknown) => e);
    expect(joined).toMatchObject({ code: "FORBIDDEN" });
    expect(leaks(joined)).toEqual([]);
    // A made-up token with an existing email: not a CONFLICT that would confirm the account exists.
    expect(
      await outcome(
        h.caller().auth.signUp({
          email: ws.email,
          password: TEST_PASSWORD,
          name: "X",
          invitationToken: "made-up-token-0123456789",
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("keeps ownership with owners, keeps an owner, and cuts off removed members", async () => {
    const ws = await h.workspace("owners");
    const admin = await h.member(ws.tenantId, "ADMIN");
    const designer = await h.member(ws.tenantId, "DESIGNER");
    const ownerMembership = (await ws.caller.members.list()).find((m) => m.role === "OWNER")!;

    expect(
      await outcome(admin.caller.members.invite({ email: `${unique("o")}@test.ringflow`, role: "OWNER" })),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(admin.caller.members.changeRole({ membershipId: ownerMembership.id, role: "AGENT" })),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(admin.caller.members.changeRole({ membershipId: designer.membershipId, role: "OWNER" })),
    ).toBe("FORBIDDEN");
    expect(
      await outcome(ws.caller.members.changeRole({ membershipId: ownerMembership.id, role: "ADMIN" })),
    ).toBe("PRECONDITION_FAILED");
    expect(await outcome(ws.caller.members.remove({ membershipId: ownerMembership.id }))).toBe(
      "PRECONDITION_FAILED",
    );

    await admin.caller.members.changeRole({ membershipId: designer.membershipId, role: "SUPERVISOR" });
    expect(await outcome(designer.caller.flows.create({ name: "No longer" }))).toBe("FORBIDDEN");
    await admin.caller.members.remove({ membershipId: designer.membershipId });
    expect(await outcome(designer.caller.flows.list())).toBe("FORBIDDEN");

    const audit = (await ws.caller.audit.list()).entries.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["member.role-change", "member.remove", "tenant.create"]));
  });
});
