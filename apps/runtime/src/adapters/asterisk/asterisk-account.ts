import * as z from "zod";
import { openCredentials, type Db } from "@ringflow/db";
import { ariBase } from "@ringflow/platform";
import type { AsteriskAccount } from "./ari-application.ts";

/** What an Asterisk provider account's sealed credentials hold (the API's "Test connection" form). */
const credentialsSchema = z.object({
  ariUrl: z.string().min(1),
  username: z.string().min(1),
  password: z.string(),
  applicationName: z.string().min(1),
  /** How phone numbers are dialled out when no caller's context says how (outboundEndpoint). */
  outboundDialString: z.string().min(1).optional().catch(undefined),
});

export const ASTERISK_ACCOUNT_SELECT = {
  id: true,
  tenantId: true,
  kind: true,
  credentials: true,
  credentialsKeyId: true,
  updatedAt: true,
} as const;

/** An account row's credentials, opened; null when they do not hold what ARI needs. */
export function openAsteriskAccount(row: {
  id: string;
  tenantId: string;
  kind: string;
  credentials: string;
  credentialsKeyId: string;
}): AsteriskAccount | null {
  const parsed = credentialsSchema.safeParse(openCredentials(row));
  if (!parsed.success) return null;
  const { ariUrl, username, password, applicationName, outboundDialString } = parsed.data;
  return {
    id: row.id,
    tenantId: row.tenantId,
    ariBase: ariBase(ariUrl),
    username,
    password,
    applicationName,
    ...(outboundDialString ? { outboundDialString } : {}),
  };
}

/** The tenant's Asterisk account by id (a recording's call names it). */
export async function asteriskAccountFor(
  db: Db,
  tenantId: string,
  providerAccountId: string,
): Promise<AsteriskAccount | null> {
  const row = await db.providerAccount.findFirst({
    where: { id: providerAccountId, tenantId, kind: "ASTERISK" },
    select: ASTERISK_ACCOUNT_SELECT,
  });
  return row ? openAsteriskAccount(row) : null;
}
