import type { Db } from "@ringflow/db";
import { acceptInvitationIn } from "../tenants/members.ts";
import { createUser, createWorkspace } from "../tenants/workspaces.ts";
import { createSession } from "./sessions.ts";

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  /** A new workspace owned by the new account... */
  workspaceName?: string | undefined;
  /** ...or joining the workspace of an invitation addressed to this email. */
  invitationToken?: string | undefined;
}

/** The account and its first membership together or not at all, then a session in that workspace. */
export async function signUp(
  db: Db,
  input: SignUpInput,
  meta: { ipAddress: string | null; userAgent: string | null },
) {
  const { userId, tenantId } = await db.$transaction(async (tx) => {
    const user = await createUser(tx, input);
    const tenantId = input.workspaceName
      ? (await createWorkspace(tx, { name: input.workspaceName, ownerId: user.id })).id
      : (await acceptInvitationIn(tx, user, input.invitationToken ?? "", meta.ipAddress)).tenantId;
    return { userId: user.id, tenantId };
  });
  const { token, session } = await createSession(db, userId, { activeTenantId: tenantId, ...meta });
  return { userId, tenantId, token, expiresAt: session.expiresAt };
}
