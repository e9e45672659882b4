import type { Command } from "commander";
import { normalizeEmail } from "../../services/auth/sign-in.ts";
import { browserIdentityOf } from "../../services/desktop/desk-actor.ts";
import { createVoiceToken } from "../../services/voice/access-token.ts";
import { CliError } from "../environment.ts";
import { resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";

export function registerToken(program: Command) {
  program
    .command("token <user>")
    .description(
      "print a Twilio Access Token (Voice grant) for a person's browser phone, by email or user id",
    )
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .action(
      action(async (ctx, user: string, o: { tenant?: string }) => {
        const tenant = await resolveTenant(ctx.db, o.tenant);
        const membership = await ctx.db.membership.findFirst({
          where: {
            tenantId: tenant.id,
            user: user.includes("@") ? { email: normalizeEmail(user) } : { id: user },
          },
          select: { id: true, userId: true },
        });
        if (!membership) throw new CliError(`${user} is not a member of ${tenant.slug}.`);
        const identity = await browserIdentityOf(ctx.db, {
          tenantId: tenant.id,
          userId: membership.userId,
          membershipId: membership.id,
          permissions: [],
        });
        const token = await createVoiceToken(ctx.db, ctx.config, tenant.id, identity);
        ctx.print(token, token.token);
      }),
    );
}
