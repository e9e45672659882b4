import { afterAll, describe, expect, it } from "vitest";
import { authorize } from "./authorize.ts";
import { PERMISSIONS, ROLE_DEFAULTS } from "./permissions.ts";
import { FixedPermissionError, permissionMatrix, setRolePermission } from "./role-permissions.ts";
import type { SessionPolicy } from "./session-policy.ts";
import { testWorld } from "./test-world.ts";

const MINUTE = 60_000;
const policy: SessionPolicy = {
  lifetimeMs: 30 * 24 * 60 * MINUTE,
  renewWithinMs: 15 * 24 * 60 * MINUTE,
  idleMs: 60 * MINUTE,
  touchEveryMs: MINUTE,
};
const world = testWorld();
const deps = { db: world.db, policy, now: world.now };
afterAll(() => world.close());

describe("authorize", () => {
  it("grants a role's default permissions and names the missing one when refusing", async () => {
    const tenantId = await world.tenant();
    const agent = await world.member(tenantId, "AGENT", policy);
    const granted = await authorize(deps, { sessionToken: agent.token, permission: "desktop.use" });
    expect(granted).toMatchObject({ ok: true, tenantId, role: "AGENT", permissions: ROLE_DEFAULTS.AGENT });
    expect(await authorize(deps, { sessionToken: agent.token, permission: "flows.read" })).toEqual({
      ok: false,
      reason: "forbidden",
      missing: "flows.read",
      message: "Your role (agent) cannot do this here: it needs the permission flows.read.",
    });
    expect(await authorize(deps, { sessionToken: "not-a-token" })).toMatchObject({
      ok: false,
      reason: "unauthenticated",
    });
    const elsewhere = await world.tenant();
    expect(await authorize(deps, { sessionToken: agent.token, tenant: elsewhere })).toMatchObject({
      ok: false,
      reason: "forbidden",
      missing: null,
    });
  });

  it("applies an owner's adjustment on the next request, and back to the default removes it", async () => {
    const tenantId = await world.tenant();
    const designer = await world.member(tenantId, "DESIGNER", policy);
    const ask = () => authorize(deps, { sessionToken: designer.token, permission: "flows.publish" });
    expect((await ask()).ok).toBe(true);
    await setRolePermission(world.db, tenantId, {
      role: "DESIGNER",
      permission: "flows.publish",
      granted: false,
    });
    expect(await ask()).toMatchObject({ ok: false, missing: "flows.publish" });
    // Another tenant's designers are untouched.
    const other = await world.tenant();
    const otherDesigner = await world.member(other, "DESIGNER", policy);
    expect(
      (await authorize(deps, { sessionToken: otherDesigner.token, permission: "flows.publish" })).ok,
    ).toBe(true);
    await setRolePermission(world.db, tenantId, {
      role: "DESIGNER",
      permission: "flows.publish",
      granted: true,
    });
    expect((await ask()).ok).toBe(true);
    expect(await world.db.rolePermission.count({ where: { tenantId } })).toBe(0);
  });

  it("keeps access.manage with the owner role whatever is stored", async () => {
    const tenantId = await world.tenant();
    await expect(
      setRolePermission(world.db, tenantId, { role: "OWNER", permission: "access.manage", granted: false }),
    ).rejects.toBeInstanceOf(FixedPermissionError);
    // Even a row written behind the module's back does not take it away.
    await world.db.rolePermission.create({
      data: { tenantId, role: "OWNER", permission: "access.manage", granted: false },
    });
    const owner = await world.member(tenantId, "OWNER", policy);
    expect((await authorize(deps, { sessionToken: owner.token, permission: "access.manage" })).ok).toBe(true);
    const matrix = await permissionMatrix(world.db, tenantId);
    const ownerRow = matrix.roles.find((r) => r.role === "OWNER")!;
    expect(ownerRow.permissions.filter((p) => p.granted)).toHaveLength(PERMISSIONS.length);
    expect(ownerRow.permissions.find((p) => p.permission === "access.manage")).toMatchObject({ fixed: true });
  });
});

describe("session expiry", () => {
  it("ends a session left idle, while use keeps it alive (writing activity at most once a minute)", async () => {
    const tenantId = await world.tenant();
    const user = await world.member(tenantId, "DESIGNER", policy);
    const lastActive = async () =>
      (await world.db.session.findUniqueOrThrow({ where: { id: user.sessionId } })).lastActiveAt.getTime();
    const created = await lastActive();
    world.advance(30 * 1000);
    expect((await authorize(deps, { sessionToken: user.token })).ok).toBe(true);
    expect(await lastActive()).toBe(created);
    world.advance(40 * MINUTE);
    expect((await authorize(deps, { sessionToken: user.token })).ok).toBe(true);
    expect(await lastActive()).toBeGreaterThan(created);
    world.advance(59 * MINUTE);
    expect((await authorize(deps, { sessionToken: user.token })).ok).toBe(true);
    world.advance(60 * MINUTE);
    expect(await authorize(deps, { sessionToken: user.token })).toMatchObject({ reason: "unauthenticated" });
    expect(await world.db.session.count({ where: { id: user.sessionId } })).toBe(0);
  });

  it("ends a session at its absolute expiry however active it is", async () => {
    const tenantId = await world.tenant();
    const shortLived = { ...policy, lifetimeMs: 90 * MINUTE, renewWithinMs: 0 };
    const user = await world.member(tenantId, "DESIGNER", shortLived);
    const d = { ...deps, policy: shortLived };
    for (let i = 0; i < 2; i++) {
      world.advance(40 * MINUTE);
      expect((await authorize(d, { sessionToken: user.token })).ok).toBe(true);
    }
    world.advance(40 * MINUTE);
    expect((await authorize(d, { sessionToken: user.token })).ok).toBe(false);
  });
});
