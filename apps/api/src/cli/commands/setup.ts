import type { Command } from "commander";
import type { Db } from "@ringflow/db";
import { normalizeEmail } from "../../services/auth/sign-in.ts";
import { cliActor } from "../../services/audit/audit.ts";
import { createProvider, testProvider, type ProviderInput } from "../../services/providers/providers.ts";
import { kindRules } from "../../services/providers/provider-kinds.ts";
import { asteriskAppTaken } from "../../services/providers/asterisk-app-name.ts";
import { createUser, createWorkspace } from "../../services/tenants/workspaces.ts";
import { CliError } from "../environment.ts";
import {
  connectionTestLine,
  importAccountNumbers,
  providerInput,
  providerOptions,
  type ProviderOptions,
} from "../provider-input.ts";
import { action, type CommandContext } from "../run.ts";
import { passwordValue } from "../secret-input.ts";

interface SetupOptions extends ProviderOptions {
  workspace?: string;
  slug?: string;
  email?: string;
  name?: string;
  password?: string;
  passwordStdin?: boolean;
  ifExists?: string;
}

const IF_EXISTS = ["reuse", "new", "fail"] as const;

/** A workspace this email already owns under the same slug (when given) or name: a re-run of setup. */
function ownedWorkspace(db: Db, userId: string, o: { slug?: string | undefined; workspace: string }) {
  return db.tenant.findFirst({
    where: {
      ...(o.slug ? { slug: o.slug } : { name: o.workspace }),
      memberships: { some: { userId, role: "OWNER" } },
    },
    orderBy: { createdAt: "asc" },
  });
}

async function chooseIfExists(
  ctx: CommandContext,
  o: SetupOptions,
  existing: { name: string; slug: string },
) {
  const choice = (
    await ctx.ask.value(
      "--if-exists",
      o.ifExists,
      `Workspace "${existing.name}" (${existing.slug}) exists already and is yours: reuse, new or fail`,
      { default: "reuse" },
    )
  ).toLowerCase();
  if (!(IF_EXISTS as readonly string[]).includes(choice))
    throw new CliError(`--if-exists takes ${IF_EXISTS.join(", ")}, got "${choice}".`);
  if (choice === "fail")
    throw new CliError(
      `Workspace "${existing.name}" (${existing.slug}) exists already. Pass --if-exists reuse to add to it, or --if-exists new for a second one.`,
    );
  return choice as "reuse" | "new";
}

/** Where the provider account would go: nothing to do when it is there already; an error when elsewhere. */
async function providerPlacement(db: Db, tenantId: string | null, provider: ProviderInput) {
  const rules = kindRules(provider.kind);
  const externalId = rules.externalId(
    (provider as unknown as Record<string, Parameters<typeof rules.externalId>[0]>)[rules.field]!,
  );
  const found = await db.providerAccount.findFirst({
    where: { kind: provider.kind, externalId },
    select: { id: true, name: true, tenantId: true },
  });
  if (!found) return null;
  if (found.tenantId === tenantId) return found;
  throw new CliError(
    provider.kind === "ASTERISK"
      ? `${asteriskAppTaken(provider.asterisk.applicationName, null)} (--ari-app)`
      : `The ${rules.label} account ${externalId} is connected to another workspace; disconnect it there first.`,
  );
}

export function registerSetup(program: Command) {
  const command = program
    .command("setup")
    .description(
      "create a workspace, its administrator and (optionally) a provider account; asks for what is not given",
    )
    .option("--workspace <name>", "workspace name")
    .option("--slug <slug>", "workspace slug (default: from the name)")
    .option("--email <email>", "administrator's email")
    .option("--name <name>", "administrator's name")
    .option("--password <password>", "prefer --password-stdin or RINGFLOW_PASSWORD (at least 10 characters)")
    .option("--password-stdin", "read the administrator's password from standard input")
    .option(
      "--if-exists <choice>",
      "when this email already owns the workspace: reuse it (default), new (a second one) or fail",
    );
  providerOptions(command, "twilio, signalwire, telnyx, asterisk or none").action(
    action(async (ctx, o: SetupOptions) => {
      const workspace = await ctx.ask.value("--workspace", o.workspace, "Workspace name");
      const email = normalizeEmail(await ctx.ask.value("--email", o.email, "Administrator email"));
      const existing = await ctx.db.user.findUnique({ where: { email }, select: { id: true, email: true } });
      const name = existing ? "" : await ctx.ask.value("--name", o.name, "Administrator name");
      const password = existing ? "" : await passwordValue(ctx, o);
      if (!existing && password.length < 10)
        throw new CliError("Use at least 10 characters for the password.");
      const owned = existing ? await ownedWorkspace(ctx.db, existing.id, { slug: o.slug, workspace }) : null;
      const reuse = owned ? (await chooseIfExists(ctx, o, owned)) === "reuse" : false;
      // Everything is checked (Twilio included) before anything is created.
      const provider = await providerInput(ctx, o, true);
      const already = provider ? await providerPlacement(ctx.db, reuse ? owned!.id : null, provider) : null;

      const user = existing ?? (await createUser(ctx.db, { email, name, password }));
      const tenant =
        reuse && owned
          ? owned
          : await createWorkspace(ctx.db, { name: workspace, slug: o.slug, ownerId: user.id });
      const account =
        provider && !already ? await createProvider(ctx.db, tenant.id, cliActor, provider, ctx.config) : null;
      const providerAccountId = account?.id ?? already?.id ?? null;
      const test =
        providerAccountId && o.test
          ? await testProvider(ctx.db, tenant.id, providerAccountId, ctx.config)
          : null;
      const numbers =
        providerAccountId && o.importNumbers
          ? await importAccountNumbers(ctx, tenant.id, providerAccountId)
          : null;
      ctx.print(
        {
          tenantId: tenant.id,
          slug: tenant.slug,
          userId: user.id,
          reused: reuse,
          providerAccountId,
          test,
          ...(numbers ? { numbers: { added: numbers.added, already: numbers.already } } : {}),
        },
        [
          reuse
            ? `Using the existing workspace "${tenant.name}" (${tenant.slug}) of ${email}.`
            : `Created workspace "${tenant.name}" (${tenant.slug}) owned by ${email}${existing ? " (existing account)" : ""}.`,
          account
            ? `Added the ${account.kind.toLowerCase()} account "${account.name}".`
            : already
              ? `The ${provider!.kind.toLowerCase()} account "${already.name}" is connected already.`
              : "No provider added.",
          connectionTestLine(test),
          numbers?.line,
          `Sign in at ${ctx.config.publicUrl}`,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }),
  );
}
