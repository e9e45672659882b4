import type { Db } from "./client.ts";

/** The limits a workspace has until its admin changes them (see the OutboundPolicy model). */
export const DEFAULT_OUTBOUND_POLICY = {
  maxConcurrentCalls: 5,
  maxCallsPerMinute: 10,
  allowedCountries: ["US", "CA"],
  callerIdNumbers: [] as string[],
};

/**
 * A workspace's outbound limits, read the same by the API (agents' calls) and the runtime (the numbers a
 * caller asks to be called back on).
 */
export async function outboundPolicy(db: Db, tenantId: string) {
  const row = await db.outboundPolicy.findFirst({
    where: { tenantId },
    select: {
      maxConcurrentCalls: true,
      maxCallsPerMinute: true,
      allowedCountries: true,
      callerIdNumbers: true,
    },
  });
  return row ?? DEFAULT_OUTBOUND_POLICY;
}
