import type { Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";
import type { AsteriskCredentials } from "./asterisk.ts";

type AppOn = Pick<AsteriskCredentials, "ariUrl" | "applicationName">;

/**
 * An Asterisk account's identity across the deployment: its ARI application on its Asterisk, known by the ARI
 * URL's host name (`ringflow@pbx.example.com`). Two accounts with one application on one Asterisk would take
 * each other's channels (Asterisk gives each channel to whichever connection registered the name), so the
 * unique index over kind and external ID refuses a second. The port is left out: one Asterisk serves ARI over
 * HTTP and HTTPS on two. Two names for one host (an IP address and a DNS name) are not recognised as one.
 */
export const asteriskExternalId = (app: AppOn) =>
  `${app.applicationName}@${new URL(app.ariUrl).hostname.toLowerCase()}`;

/** The refusal, in words that name the other use only when it is in the caller's own workspace. */
export function asteriskAppTaken(applicationName: string, ownAccount: string | null): string {
  const where = ownAccount === null ? "for another workspace" : `in this workspace ("${ownAccount}")`;
  return `This Asterisk already has an application named "${applicationName}" ${where}; choose another name.`;
}

/**
 * Refuses `app` when another Asterisk account (of any workspace) has that application on that Asterisk, or is
 * an account stored before this rule (its external ID the bare name: it holds the name on every Asterisk
 * until it is saved again). `exceptId`: the account being changed.
 */
export async function assertAsteriskAppFree(
  db: Db,
  tenantId: string,
  app: AppOn,
  exceptId?: string,
): Promise<void> {
  const other = await db.providerAccount.findFirst({
    where: {
      kind: "ASTERISK",
      externalId: { in: [asteriskExternalId(app), app.applicationName] },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { tenantId: true, name: true },
  });
  if (other)
    throw apiError(
      "CONFLICT",
      asteriskAppTaken(app.applicationName, other.tenantId === tenantId ? other.name : null),
    );
}
