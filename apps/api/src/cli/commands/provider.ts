import type { Command } from "commander";
import { cliActor } from "../../services/audit/audit.ts";
import { createProvider, testProvider } from "../../services/providers/providers.ts";
import {
  connectionTestLine,
  importAccountNumbers,
  providerInput,
  providerOptions,
  type ProviderOptions,
} from "../provider-input.ts";
import { resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";

export function registerProvider(program: Command) {
  const provider = program
    .command("provider")
    .description("provider accounts (Twilio, SignalWire, Telnyx, Asterisk)");
  const add = provider
    .command("add")
    .description(
      "connect a Twilio, SignalWire or Telnyx account (checked with the carrier first) or an Asterisk PBX to a workspace",
    )
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)");
  providerOptions(add, "twilio, signalwire, telnyx or asterisk").action(
    action(async (ctx, o: ProviderOptions & { tenant?: string }) => {
      const tenant = await resolveTenant(ctx.db, o.tenant);
      const input = (await providerInput(ctx, o, false))!;
      const account = await createProvider(ctx.db, tenant.id, cliActor, input, ctx.config);
      const test = o.test ? await testProvider(ctx.db, tenant.id, account.id, ctx.config) : null;
      const numbers = o.importNumbers ? await importAccountNumbers(ctx, tenant.id, account.id) : null;
      ctx.print(
        {
          tenantId: tenant.id,
          providerAccountId: account.id,
          kind: account.kind,
          name: account.name,
          test,
          ...(numbers ? { numbers: { added: numbers.added, already: numbers.already } } : {}),
        },
        [
          `Added the ${account.kind.toLowerCase()} account "${account.name}" to ${tenant.slug}.`,
          connectionTestLine(test),
          numbers?.line,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }),
  );
}
