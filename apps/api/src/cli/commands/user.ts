import type { Command } from "commander";
import { Role } from "@ringflow/db";
import { cliActor } from "../../services/audit/audit.ts";
import { normalizeEmail } from "../../services/auth/sign-in.ts";
import { addMember, createUser } from "../../services/tenants/workspaces.ts";
import { CliError } from "../environment.ts";
import { resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";
import { passwordValue } from "../secret-input.ts";

const ROLES = Object.values(Role).map((r) => r.toLowerCase());

export function registerUser(program: Command) {
  const user = program.command("user").description("people and their roles");
  user
    .command("create")
    .description("create an account (or reuse one by email) and make it a member of a workspace")
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .option("--email <email>")
    .option("--name <name>")
    .option("--password <password>", "at least 10 characters; ignored for an existing account")
    .option("--password-stdin", "read the password from standard input (or set RINGFLOW_PASSWORD)")
    .option("--role <role>", `${ROLES.join(", ")}`)
    .action(
      action(
        async (
          ctx,
          o: {
            tenant?: string;
            email?: string;
            name?: string;
            password?: string;
            passwordStdin?: boolean;
            role?: string;
          },
        ) => {
          const tenant = await resolveTenant(ctx.db, o.tenant);
          const email = normalizeEmail(await ctx.ask.value("--email", o.email, "Email"));
          const role = (
            await ctx.ask.value("--role", o.role, `Role (${ROLES.join(", ")})`, { default: "designer" })
          ).toUpperCase();
          if (!(role in Role))
            throw new CliError(`Unknown role "${role.toLowerCase()}": use one of ${ROLES.join(", ")}.`);
          let account = await ctx.db.user.findUnique({ where: { email }, select: { id: true } });
          if (!account) {
            const name = await ctx.ask.value("--name", o.name, "Name");
            const password = await passwordValue(ctx, o);
            if (password.length < 10) throw new CliError("Use at least 10 characters for the password.");
            account = await createUser(ctx.db, { email, name, password });
          }
          const membership = await addMember(ctx.db, tenant.id, cliActor, account.id, role as Role);
          ctx.print(
            { userId: account.id, membershipId: membership.id, tenantId: tenant.id, role },
            `${email} is now ${role.toLowerCase()} of ${tenant.slug}.`,
          );
        },
      ),
    );
}
