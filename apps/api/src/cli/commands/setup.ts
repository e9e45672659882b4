import type { Command } from "commander";
import { normalizeEmail } from "../../services/auth/sign-in.ts";
import { cliActor } from "../../services/audit/audit.ts";
import { createProvider, testProvider, type ProviderInput } from "../../services/providers/providers.ts";
import { createUser, createWorkspace } from "../../services/tenants/workspaces.ts";
import { CliError } from "../environment.ts";
import { action, type CommandContext } from "../run.ts";

interface SetupOptions {
  workspace?: string;
  slug?: string;
  email?: string;
  name?: string;
  password?: string;
  provider?: string;
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  twilioApiKeySid?: string;
  twilioApiKeySecret?: string;
  ariUrl?: string;
  ariUser?: string;
  ariPassword?: string;
  ariApp?: string;
  test?: boolean;
}

async function providerInput(ctx: CommandContext, o: SetupOptions): Promise<ProviderInput | null> {
  const kind = (
    await ctx.ask.value("--provider", o.provider, "Provider (twilio, asterisk or none)", { default: "none" })
  ).toLowerCase();
  if (kind === "none") return null;
  if (kind === "twilio")
    return {
      kind: "TWILIO",
      name: "Twilio",
      twilio: {
        accountSid: await ctx.ask.value("--twilio-account-sid", o.twilioAccountSid, "Twilio Account SID"),
        authToken: await ctx.ask.value("--twilio-auth-token", o.twilioAuthToken, "Twilio Auth Token", {
          secret: true,
        }),
        ...(o.twilioApiKeySid ? { apiKeySid: o.twilioApiKeySid, apiKeySecret: o.twilioApiKeySecret } : {}),
      },
    };
  if (kind === "asterisk")
    return {
      kind: "ASTERISK",
      name: "Asterisk",
      asterisk: {
        ariUrl: await ctx.ask.value("--ari-url", o.ariUrl, "ARI URL", { default: "http://127.0.0.1:8088" }),
        username: await ctx.ask.value("--ari-user", o.ariUser, "ARI user"),
        password: await ctx.ask.value("--ari-password", o.ariPassword, "ARI password", { secret: true }),
        applicationName: await ctx.ask.value("--ari-app", o.ariApp, "ARI application name", {
          default: "ringflow",
        }),
      },
    };
  throw new CliError(`Unknown provider "${kind}": use twilio, asterisk or none.`);
}

export function registerSetup(program: Command) {
  program
    .command("setup")
    .description(
      "create a workspace, its administrator and (optionally) a provider account; asks for what is not given",
    )
    .option("--workspace <name>", "workspace name")
    .option("--slug <slug>", "workspace slug (default: from the name)")
    .option("--email <email>", "administrator's email")
    .option("--name <name>", "administrator's name")
    .option("--password <password>", "administrator's password (at least 10 characters)")
    .option("--provider <kind>", "twilio, asterisk or none")
    .option("--twilio-account-sid <sid>")
    .option("--twilio-auth-token <token>")
    .option("--twilio-api-key-sid <sid>")
    .option("--twilio-api-key-secret <secret>")
    .option("--ari-url <url>")
    .option("--ari-user <user>")
    .option("--ari-password <password>")
    .option("--ari-app <name>")
    .option("--test", "test the provider connection after adding it")
    .action(
      action(async (ctx, o: SetupOptions) => {
        const workspace = await ctx.ask.value("--workspace", o.workspace, "Workspace name");
        const email = normalizeEmail(await ctx.ask.value("--email", o.email, "Administrator email"));
        const existing = await ctx.db.user.findUnique({
          where: { email },
          select: { id: true, email: true },
        });
        const name = existing ? "" : await ctx.ask.value("--name", o.name, "Administrator name");
        const password = existing
          ? ""
          : await ctx.ask.value("--password", o.password, "Password (10+ characters)", { secret: true });
        if (!existing && password.length < 10)
          throw new CliError("Use at least 10 characters for the password.");
        const provider = await providerInput(ctx, o);

        const user = existing ?? (await createUser(ctx.db, { email, name, password }));
        const tenant = await createWorkspace(ctx.db, { name: workspace, slug: o.slug, ownerId: user.id });
        const account = provider
          ? await createProvider(ctx.db, tenant.id, cliActor, provider, ctx.config)
          : null;
        const test = account && o.test ? await testProvider(ctx.db, tenant.id, account.id, ctx.config) : null;
        ctx.print(
          {
            tenantId: tenant.id,
            slug: tenant.slug,
            userId: user.id,
            providerAccountId: account?.id ?? null,
            test,
          },
          [
            `Created workspace "${tenant.name}" (${tenant.slug}) owned by ${email}${existing ? " (existing account)" : ""}.`,
            account
              ? `Added the ${account.kind.toLowerCase()} account "${account.name}".`
              : "No provider added.",
            test ? `Connection test: ${test.ok ? "ok" : "FAILED"}: ${test.message}` : "",
            `Sign in at ${ctx.config.publicUrl}`,
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }),
    );
}
