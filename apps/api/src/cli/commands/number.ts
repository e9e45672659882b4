import type { Command } from "commander";
import { cliActor } from "../../services/audit/audit.ts";
import { addNumber, bindNumber } from "../../services/numbers/numbers.ts";
import { CliError } from "../environment.ts";
import { resolveFlow, resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";

export function registerNumber(program: Command) {
  const number = program.command("number").description("phone numbers");
  number
    .command("bind <number> <flow>")
    .description("answer a number (E.164) with a flow (name or id): its live version, or --pin a version")
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .option("--pin <version>", "pin to this version number (a staging number)")
    .option(
      "--add",
      "add the number to the workspace first if it is not there (with its only provider account)",
    )
    .action(
      action(
        async (ctx, e164: string, flowRef: string, o: { tenant?: string; pin?: string; add?: boolean }) => {
          if (!/^\+[1-9]\d{6,14}$/.test(e164))
            throw new CliError(`"${e164}" is not in E.164 form, e.g. +14155550100.`);
          const tenant = await resolveTenant(ctx.db, o.tenant);
          const flow = await resolveFlow(ctx.db, tenant.id, flowRef);
          let phone = await ctx.db.phoneNumber.findFirst({
            where: { tenantId: tenant.id, e164 },
            select: { id: true },
          });
          if (!phone) {
            if (!o.add)
              throw new CliError(`${e164} is not in this workspace; add it in the builder, or pass --add.`);
            const providers = await ctx.db.providerAccount.findMany({
              where: { tenantId: tenant.id },
              select: { id: true },
            });
            phone = await addNumber(ctx.db, tenant.id, cliActor, {
              e164,
              providerAccountId: providers.length === 1 ? providers[0]!.id : undefined,
            });
          }
          const pinned = o.pin === undefined ? undefined : Number(o.pin);
          if (pinned !== undefined && !(Number.isInteger(pinned) && pinned > 0))
            throw new CliError(`--pin takes a version number, got "${o.pin}".`);
          const bound = await bindNumber(ctx.db, tenant.id, cliActor, ctx.config, {
            phoneNumberId: phone.id,
            flowId: flow.id,
            pinnedVersionNumber: pinned,
          });
          ctx.print(
            bound,
            `${e164} now answers with "${flow.name}" (${pinned ? `pinned to version ${pinned}` : "its live version"}).`,
          );
        },
      ),
    );
}
