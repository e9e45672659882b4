import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { eventually, publishFlow, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";
import { FlowResolver } from "./resolve-flow.ts";
import { ROUTING_CHANNEL, RoutingCache } from "./routing-cache.ts";

const db = createDb(testDatabaseUrl(), { max: 2 });
const cache = new RoutingCache(testDatabaseUrl());
let tenant: SeededTenant;
const flow = (name: string) =>
  buildFlow({ name, nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] });

/**
 * Resolves once the cache has heard every routing notification committed so far: Postgres delivers them in
 * commit order, so a marker notified now arrives after the seed's own (however late those are on a busy
 * machine).
 */
async function heardAllSoFar() {
  const marker = randomUUID();
  let loads = 0;
  const load = async () => ++loads;
  await cache.get(marker, "barrier", load);
  await db.$executeRaw`select pg_notify(${ROUTING_CHANNEL}, ${marker})`;
  await eventually(async () => (await cache.get(marker, "barrier", load)) > 1);
}

beforeAll(async () => {
  await cache.start();
  tenant = await seedTwilioTenant(db, () => flow("first"));
  await heardAllSoFar();
});
afterAll(async () => {
  await cache.close();
  await db.$disconnect();
});

describe("routing cache", () => {
  it("serves call starts from memory until Postgres says the tenant's routing changed", async () => {
    let loads = 0;
    const resolver = new FlowResolver(db, cache);
    const counting = () => {
      loads++;
      return resolver.forNumber(tenant.tenantId, tenant.providerAccountId, tenant.number);
    };
    const first = await cache.get(tenant.tenantId, "probe", counting);
    await cache.get(tenant.tenantId, "probe", counting);
    expect(loads).toBe(1);
    expect(first.flow.flowVersionId).toBe(tenant.versionId);

    // Another flow published and bound: the API's way or anyone else's, the trigger tells the cache.
    const other = await publishFlow(db, tenant.tenantId, flow("second"));
    await db.numberBinding.update({
      where: { phoneNumberId: tenant.phoneNumberId },
      data: { flowId: other.flowId },
    });
    const moved = await eventually(async () => {
      const target = await resolver.forNumber(tenant.tenantId, tenant.providerAccountId, tenant.number);
      return target.flow.flowVersionId === other.versionId ? target : null;
    }, 3000);
    expect(moved.flow.flowId).toBe(other.flowId);
  });

  it("never serves from memory while it cannot listen", async () => {
    const deaf = new RoutingCache(null);
    let loads = 0;
    await deaf.get("t", "k", async () => ++loads);
    await deaf.get("t", "k", async () => ++loads);
    expect(loads).toBe(2);
  });
});
