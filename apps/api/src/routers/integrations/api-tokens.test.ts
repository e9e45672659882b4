import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiServer } from "../../server.ts";
import { createHarness, outcome, type Harness } from "../../testing/harness.ts";

const h: Harness = createHarness();
let app: Awaited<ReturnType<typeof buildApiServer>>;
let base = "";

beforeAll(async () => {
  app = await buildApiServer({ db: h.db, redis: h.redis, config: h.config });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await app.close();
  await h.close();
});

/** An integration's request: a bearer token, no cookie and no Origin (a server, not a browser). */
async function trpc(token: string, path: string, input: unknown, method: "GET" | "POST" = "GET") {
  const url =
    method === "GET"
      ? `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${base}/trpc/${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(method === "POST" ? { "content-type": "application/json" } : {}),
    },
    ...(method === "POST" ? { body: JSON.stringify(input) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown } } };
}

describe("API tokens", () => {
  it("is shown once, stored hashed, and works over HTTP within its scopes only", async () => {
    const ws = await h.workspace("tok");
    const created = await ws.caller.integrations.createApiToken({
      name: "CRM",
      scopes: ["flows.read", "flows.edit"],
    });
    expect(created.token).toMatch(/^rfk_[a-z2-7]{10}_[a-z2-7]{32}$/);
    const row = await h.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token.split("_")[2]);
    const listed = await ws.caller.integrations.listApiTokens();
    expect(listed.map((t) => t.prefix)).toEqual([created.prefix]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    // In scope: a query, and a change without any Origin (no browser, no cookie to forge).
    expect((await trpc(created.token, "flows.list", {})).status).toBe(200);
    const made = await trpc(created.token, "flows.create", { name: "from the CRM" }, "POST");
    expect(made.status).toBe(200);
    expect((await ws.caller.flows.list({})).map((f) => f.name)).toContain("from the CRM");
    // Out of scope, and procedures for people (not tokens).
    expect((await trpc(created.token, "numbers.list", {})).status).toBe(403);
    expect((await trpc(created.token, "auth.me", undefined)).body.result?.data).toBeNull();
    expect((await trpc(created.token, "auth.switchTenant", { tenantId: ws.tenantId }, "POST")).status).toBe(
      401,
    );
    expect((await trpc(created.token, "integrations.listApiTokens", undefined)).status).toBe(403);
    expect((await h.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();

    await ws.caller.integrations.revokeApiToken({ tokenId: created.id });
    expect((await trpc(created.token, "flows.list", {})).status).toBe(401);
    expect(await outcome(h.caller({ apiToken: created.token }).flows.list({}))).toBe("UNAUTHORIZED");
  });

  it("refuses a made-up, expired or altered token", async () => {
    const ws = await h.workspace("tok-bad");
    const created = await ws.caller.integrations.createApiToken({ name: "x", scopes: ["flows.read"] });
    const altered = `${created.token.slice(0, -1)}${created.token.endsWith("a") ? "b" : "a"}`;
    expect(await outcome(h.caller({ apiToken: altered }).flows.list({}))).toBe("UNAUTHORIZED");
    expect(await outcome(h.caller({ apiToken: "rfk_nothing" }).flows.list({}))).toBe("UNAUTHORIZED");
    await h.db.apiToken.updateMany({
      where: { id: created.id, tenantId: ws.tenantId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await outcome(h.caller({ apiToken: created.token }).flows.list({}))).toBe("UNAUTHORIZED");
  });

  it("never carries more than its creator holds, then or later", async () => {
    const ws = await h.workspace("tok-scope");
    expect(
      await outcome(ws.caller.integrations.createApiToken({ name: "x", scopes: ["access.manage"] })),
    ).toBe("BAD_REQUEST");
    const admin = await h.member(ws.tenantId, "ADMIN");
    const token = await admin.caller.integrations.createApiToken({
      name: "ops",
      scopes: ["flows.edit", "flows.read"],
    });
    expect(await outcome(h.caller({ apiToken: token.token }).flows.list({}))).toBe("OK");
    // The creator becomes an agent: the token's flows scopes are no longer theirs.
    await ws.caller.members.changeRole({ membershipId: admin.membershipId, role: "AGENT" });
    expect(await outcome(h.caller({ apiToken: token.token }).flows.list({}))).toBe("FORBIDDEN");
    const agent = await h.member(ws.tenantId, "AGENT");
    expect(
      await outcome(agent.caller.integrations.createApiToken({ name: "x", scopes: ["calls.read.own"] })),
    ).toBe("FORBIDDEN");
  });

  it("keeps tokens within their workspace", async () => {
    const a = await h.workspace("tok-a");
    const b = await h.workspace("tok-b");
    await b.caller.flows.create({ name: "b's secret flow" });
    const token = await a.caller.integrations.createApiToken({ name: "x", scopes: ["flows.read"] });
    const flows = await h.caller({ apiToken: token.token }).flows.list({});
    expect(flows.map((f) => f.name)).not.toContain("b's secret flow");
    expect(await outcome(b.caller.integrations.revokeApiToken({ tokenId: token.id }))).toBe("NOT_FOUND");
    expect(await b.caller.integrations.listApiTokens()).toEqual([]);
  });
});
