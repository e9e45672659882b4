import { afterAll, describe, expect, it } from "vitest";
import { sessionIdFromToken } from "../../services/auth/sessions.ts";
import { cookieJar, createHarness, outcome, TEST_PASSWORD, unique } from "../../testing/harness.ts";

describe("auth", () => {
  const h = createHarness();
  afterAll(() => h.close());

  const confirmationToken = (to: string) => {
    const mail = h.mailbox.findLast((m) => m.to === to.toLowerCase());
    return /\/sign-up\/confirm\?token=([\w-]+)/.exec(mail?.text ?? "")?.[1];
  };

  it("signs up by mail: nothing exists until the link is opened; then a workspace, its owner, an argon2id hash, a session cookie whose hash alone is stored", async () => {
    const jar = cookieJar();
    const email = `${unique("Signup")}@Test.Ringflow`;
    const requested = await h
      .caller({ cookies: jar })
      .auth.signUp({ email, password: TEST_PASSWORD, name: "Ada", workspaceName: "Ada's Plumbing" });
    expect(requested).toEqual({ status: "confirmation-sent", email: email.toLowerCase() });
    expect(jar.token).toBeNull();
    expect(await h.db.user.findUnique({ where: { email: email.toLowerCase() } })).toBeNull();
    const link = confirmationToken(email);
    expect(link).toBeTruthy();

    const { userId, tenantId } = await h.caller({ cookies: jar }).auth.confirmSignUp({ token: link! });
    expect(jar.token).toMatch(/^[a-z2-7]{32}$/);
    const user = await h.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await h.db.session.findUnique({ where: { id: jar.token! } })).toBeNull();
    const session = await h.db.session.findUniqueOrThrow({ where: { id: sessionIdFromToken(jar.token!) } });
    expect(session.activeTenantId).toBe(tenantId);

    const me = await h.caller({ sessionToken: jar.token }).auth.me();
    expect(me).toMatchObject({
      user: { id: userId, email: email.toLowerCase() },
      activeTenant: { id: tenantId, name: "Ada's Plumbing", slug: "adas-plumbing" },
      role: "OWNER",
    });
    expect(JSON.stringify(me)).not.toContain("argon2");
    // A link works once.
    expect(await outcome(h.caller().auth.confirmSignUp({ token: link! }))).toBe("NOT_FOUND");
  });

  it("answers a sign-up for an existing email exactly like one for a new email", async () => {
    const ws = await h.workspace("taken");
    const fresh = `${unique("fresh")}@test.ringflow`;
    const attempt = (email: string) => {
      const jar = cookieJar();
      return h
        .caller({ cookies: jar, request: { ip: "203.0.113.40" } })
        .auth.signUp({ email, password: TEST_PASSWORD, name: "X", workspaceName: "Squat" })
        .then((answer) => ({ answer: { ...answer, email: "(given)" }, cookie: jar.token }));
    };
    const forExisting = await attempt(ws.email);
    const forNew = await attempt(fresh);
    expect(forExisting).toEqual(forNew);
    expect(forExisting).toEqual({ answer: { status: "confirmation-sent", email: "(given)" }, cookie: null });
    // Only the mailbox learns the difference: the owner is told to sign in, and nothing was created.
    expect(h.mailbox.findLast((m) => m.to === ws.email)?.text).toMatch(/already has an account/);
    expect(confirmationToken(ws.email)).toBeUndefined();
    expect(await h.db.tenant.count({ where: { name: "Squat" } })).toBe(0);
  });

  it("limits sign-ups per address and per email, with a message that says when to retry", async () => {
    const ip = `198.18.${Math.floor(Math.random() * 250)}.7`;
    const signUpFrom = (address: string | undefined, email: string) =>
      h
        .caller(address ? { request: { ip: address } } : {})
        .auth.signUp({ email, password: TEST_PASSWORD, name: "S", workspaceName: "Spam" });
    for (let i = 0; i < 10; i++) await signUpFrom(ip, `${unique("spam")}@test.ringflow`);
    const blocked = await signUpFrom(ip, `${unique("spam")}@test.ringflow`).catch((e: unknown) => e);
    expect(blocked).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: /Too many sign-ups. Try again in 60 minutes/,
    });

    const target = `${unique("victim")}@test.ringflow`;
    for (let i = 0; i < 3; i++) await signUpFrom(`198.19.0.${i}`, target);
    expect(await outcome(signUpFrom("198.19.1.1", target))).toBe("TOO_MANY_REQUESTS");
    expect(h.mailbox.filter((m) => m.to === target)).toHaveLength(3);
  });

  it("signs in and out", async () => {
    const ws = await h.workspace("signin");
    const jar = cookieJar();
    const anonymous = h.caller({ cookies: jar, request: { ip: "192.0.2.10" } });
    await expect(anonymous.auth.signIn({ email: ws.email, password: "wrong password" })).rejects.toThrow(
      "Wrong email or password.",
    );
    await anonymous.auth.signIn({ email: ws.email.toUpperCase(), password: TEST_PASSWORD });
    expect(jar.token).toBeTruthy();
    const signedIn = h.caller({ sessionToken: jar.token, cookies: jar });
    expect((await signedIn.auth.me())?.activeTenant?.id).toBe(ws.tenantId);
    expect(await outcome(signedIn.flows.list())).toBe("OK");

    const token = jar.token!;
    await signedIn.auth.signOut();
    expect(jar.cleared).toBe(1);
    expect(await h.db.session.findUnique({ where: { id: sessionIdFromToken(token) } })).toBeNull();
    expect(await h.caller({ sessionToken: token }).auth.me()).toBeNull();
    expect(await outcome(h.caller({ sessionToken: token }).flows.list())).toBe("UNAUTHORIZED");
  });

  it("limits sign-in attempts per account, with a message that says when to retry", async () => {
    const ws = await h.workspace("limited");
    for (let i = 0; i < 5; i++) {
      const caller = h.caller({ request: { ip: `198.51.100.${i}` } });
      expect(await outcome(caller.auth.signIn({ email: ws.email, password: "nope-nope-nope" }))).toBe(
        "UNAUTHORIZED",
      );
    }
    const blocked = h
      .caller({ request: { ip: "198.51.100.99" } })
      .auth.signIn({ email: ws.email, password: TEST_PASSWORD });
    await expect(blocked).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/Too many sign-in attempts\. Try again in 15 minutes/),
    });
    // Another account from the same addresses is not affected.
    const other = await h.workspace("unaffected");
    expect(
      await outcome(
        h
          .caller({ request: { ip: "198.51.100.0" } })
          .auth.signIn({ email: other.email, password: TEST_PASSWORD }),
      ),
    ).toBe("OK");
  });

  it("limits sign-in attempts per address across accounts", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const results = [];
    for (let i = 0; i < 11; i++)
      results.push(
        await outcome(
          h
            .caller({ request: { ip } })
            .auth.signIn({ email: `${unique("nobody")}@test.ringflow`, password: "x" }),
        ),
      );
    expect(results.slice(0, 10)).toEqual(Array(10).fill("UNAUTHORIZED"));
    expect(results[10]).toBe("TOO_MANY_REQUESTS");
  });

  it("slides the expiry forward once half the session is used, and refuses expired sessions", async () => {
    const ws = await h.workspace("sliding");
    const id = sessionIdFromToken(ws.token);
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await h.db.session.update({ where: { id }, data: { expiresAt: soon } });
    const jar = cookieJar();
    await h.caller({ sessionToken: ws.token, cookies: jar }).flows.list();
    const renewed = await h.db.session.findUniqueOrThrow({ where: { id } });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
    expect(jar.token).toBe(ws.token);
    expect(jar.expiresAt?.getTime()).toBe(renewed.expiresAt.getTime());

    await h.db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await outcome(h.caller({ sessionToken: ws.token }).flows.list())).toBe("UNAUTHORIZED");
    expect(await h.db.session.findUnique({ where: { id } })).toBeNull();
  });

  it("refuses a mutation from another origin (or none), but serves queries", async () => {
    const ws = await h.workspace("origin");
    for (const origin of ["https://evil.example", null]) {
      const caller = h.caller({ sessionToken: ws.token, request: { origin } });
      await expect(caller.flows.create({ name: "CSRF" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringContaining("Cross-origin request refused"),
      });
      expect(await outcome(caller.flows.list())).toBe("OK");
    }
    expect(await h.db.flow.count({ where: { tenantId: ws.tenantId } })).toBe(0);
  });

  it("switches between the caller's workspaces only", async () => {
    const a = await h.workspace("switch-a");
    const b = await h.workspace("switch-b");
    await h.db.membership.create({ data: { tenantId: b.tenantId, userId: a.userId, role: "DESIGNER" } });
    expect(await a.caller.auth.switchTenant({ tenantId: b.tenantId })).toEqual({
      tenantId: b.tenantId,
      role: "DESIGNER",
    });
    expect((await a.caller.auth.me())?.role).toBe("DESIGNER");
    const stranger = await h.workspace("switch-c");
    expect(await outcome(stranger.caller.auth.switchTenant({ tenantId: a.tenantId }))).toBe("FORBIDDEN");
  });
});
