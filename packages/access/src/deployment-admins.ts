import * as z from "zod";
import { authenticate, type Refusal } from "./authorize.ts";
import type { LiveSession, SessionDeps } from "./sessions.ts";

/**
 * Deployment admins run the deployment itself (its job queues), whatever their roles in workspaces: no
 * workspace role reaches this. Named by sign-in e-mail in RINGFLOW_DEPLOYMENT_ADMINS (comma-separated).
 */
export const deploymentAdminsSchema = z
  .string()
  .default("")
  .transform(
    (list) =>
      new Set(
        list
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      ) as ReadonlySet<string>,
  );

export function deploymentAdminsFromEnv(env: Record<string, string | undefined> = process.env) {
  return deploymentAdminsSchema.parse(env.RINGFLOW_DEPLOYMENT_ADMINS);
}

/** Is this session a deployment admin's? Refusals say what is missing, like every other question here. */
export async function authorizeDeploymentAdmin(
  deps: SessionDeps,
  input: { sessionToken: string | null | undefined; admins: ReadonlySet<string> },
): Promise<({ ok: true } & LiveSession) | Refusal> {
  const found = await authenticate(deps, input.sessionToken);
  if (!found.ok) return found;
  if (!input.admins.has(found.user.email.toLowerCase()))
    return {
      ok: false,
      reason: "forbidden",
      missing: null,
      message: "Only the deployment's admins (RINGFLOW_DEPLOYMENT_ADMINS) may see its jobs.",
    };
  return found;
}
