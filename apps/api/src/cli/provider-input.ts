import type { Command } from "commander";
import { prettifyError } from "zod";
import { createProviderSchema } from "../routers/providers/create-provider.schema.ts";
import { cliActor } from "../services/audit/audit.ts";
import { importProviderNumbers, listProviderNumbers } from "../services/numbers/numbers.ts";
import type { ProviderInput } from "../services/providers/providers.ts";
import { kindRules } from "../services/providers/provider-kinds.ts";
import { CliError } from "./environment.ts";
import type { CommandContext } from "./run.ts";
import { secretValue } from "./secret-input.ts";

export interface ProviderOptions {
  provider?: string;
  providerName?: string;
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  authTokenStdin?: boolean;
  twilioApiKeySid?: string;
  twilioApiKeySecret?: string;
  ariUrl?: string;
  ariUser?: string;
  ariPassword?: string;
  ariApp?: string;
  ariOutbound?: string;
  signalwireSpace?: string;
  signalwireProject?: string;
  signalwireToken?: string;
  signalwireSigningKey?: string;
  telnyxApiKey?: string;
  telnyxApplication?: string;
  telnyxPublicKey?: string;
  test?: boolean;
  importNumbers?: boolean;
}

/** The provider flags `setup` and `provider add` share. */
export function providerOptions(command: Command, kindHelp: string): Command {
  return command
    .option("--provider <kind>", kindHelp)
    .option("--provider-name <name>", "how the account is listed (default: the provider's name)")
    .option("--twilio-account-sid <sid>", "AC followed by 32 hex digits")
    .option("--twilio-auth-token <token>", "prefer --auth-token-stdin or TWILIO_AUTH_TOKEN")
    .option("--auth-token-stdin", "read the Twilio Auth Token from standard input")
    .option("--twilio-api-key-sid <sid>")
    .option("--twilio-api-key-secret <secret>")
    .option("--ari-url <url>")
    .option("--ari-user <user>")
    .option("--ari-password <password>")
    .option("--ari-app <name>")
    .option("--ari-outbound <dial string>", "how placed calls leave the PBX, e.g. PJSIP/{digits}@carrier")
    .option("--signalwire-space <address>", "your-company.signalwire.com")
    .option("--signalwire-project <id>", "the project ID")
    .option("--signalwire-token <token>", "prefer SIGNALWIRE_API_TOKEN")
    .option("--signalwire-signing-key <key>", "the webhook signing key, when the space shows one")
    .option("--telnyx-api-key <key>", "prefer TELNYX_API_KEY")
    .option("--telnyx-application <id>", "the TeXML application ID")
    .option("--telnyx-public-key <key>", "the account's public key (base64)")
    .option("--test", "test the provider connection after adding it")
    .option("--import-numbers", "add the phone company account's numbers to the workspace, ready to bind");
}

/**
 * The provider account the flags describe, checked as the API checks it (the same schema), and, for Twilio,
 * accepted by Twilio itself: all before anything is created. Null for "none".
 */
export async function providerInput(
  ctx: CommandContext,
  o: ProviderOptions,
  allowNone: boolean,
): Promise<ProviderInput | null> {
  const kind = (
    await ctx.ask.value(
      "--provider",
      o.provider,
      `Provider (twilio, signalwire, telnyx, asterisk${allowNone ? " or none" : ""})`,
      allowNone ? { default: "none" } : {},
    )
  ).toLowerCase();
  if (kind === "none" && allowNone) return null;
  let raw: unknown;
  if (kind === "twilio") {
    const accountSid = await ctx.ask.value("--twilio-account-sid", o.twilioAccountSid, "Twilio Account SID");
    // Refuse a malformed SID before asking for the token.
    if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid))
      throw new CliError(`"${accountSid}" is not an Account SID: it is AC followed by 32 hex digits.`);
    raw = {
      kind: "TWILIO",
      name: o.providerName ?? "Twilio",
      twilio: {
        accountSid,
        authToken: await secretValue(ctx, {
          flag: "--twilio-auth-token",
          given: o.twilioAuthToken,
          stdinFlag: "--auth-token-stdin",
          fromStdin: o.authTokenStdin,
          envVar: "TWILIO_AUTH_TOKEN",
          question: "Twilio Auth Token",
        }),
        ...(o.twilioApiKeySid ? { apiKeySid: o.twilioApiKeySid, apiKeySecret: o.twilioApiKeySecret } : {}),
      },
    };
  } else if (kind === "asterisk") {
    raw = {
      kind: "ASTERISK",
      name: o.providerName ?? "Asterisk",
      asterisk: {
        ariUrl: await ctx.ask.value("--ari-url", o.ariUrl, "ARI URL", { default: "http://127.0.0.1:8088" }),
        username: await ctx.ask.value("--ari-user", o.ariUser, "ARI user"),
        password: await ctx.ask.value("--ari-password", o.ariPassword, "ARI password", { secret: true }),
        applicationName: await ctx.ask.value("--ari-app", o.ariApp, "ARI application name", {
          default: "ringflow",
        }),
        ...(o.ariOutbound ? { outboundDialString: o.ariOutbound } : {}),
      },
    };
  } else if (kind === "signalwire") {
    raw = {
      kind: "SIGNALWIRE",
      name: o.providerName ?? "SignalWire",
      signalwire: {
        spaceUrl: await ctx.ask.value("--signalwire-space", o.signalwireSpace, "SignalWire space address"),
        projectId: await ctx.ask.value("--signalwire-project", o.signalwireProject, "SignalWire project ID"),
        apiToken:
          o.signalwireToken ??
          process.env.SIGNALWIRE_API_TOKEN ??
          (await ctx.ask.value("--signalwire-token", undefined, "SignalWire API token", { secret: true })),
        ...(o.signalwireSigningKey ? { signingKey: o.signalwireSigningKey } : {}),
      },
    };
  } else if (kind === "telnyx") {
    raw = {
      kind: "TELNYX",
      name: o.providerName ?? "Telnyx",
      telnyx: {
        apiKey:
          o.telnyxApiKey ??
          process.env.TELNYX_API_KEY ??
          (await ctx.ask.value("--telnyx-api-key", undefined, "Telnyx API key", { secret: true })),
        applicationId: await ctx.ask.value(
          "--telnyx-application",
          o.telnyxApplication,
          "TeXML application ID",
        ),
        publicKey: await ctx.ask.value("--telnyx-public-key", o.telnyxPublicKey, "Telnyx public key"),
      },
    };
  } else
    throw new CliError(
      `Unknown provider "${kind}": use twilio, signalwire, telnyx${allowNone ? ", asterisk or none" : " or asterisk"}.`,
    );
  if (o.importNumbers && kind === "asterisk")
    throw new CliError(
      "--import-numbers lists a phone company's numbers (Twilio, SignalWire, Telnyx); add an Asterisk server's numbers with `ringflow number bind --add`.",
    );
  const parsed = createProviderSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`Invalid provider settings: ${prettifyError(parsed.error)}`);
  // Checked by the carrier itself before anything is created, as the API does.
  const provider = parsed.data as ProviderInput;
  const rules = kindRules(provider.kind);
  const credentials = (provider as unknown as Record<string, Parameters<typeof rules.externalId>[0]>)[
    rules.field
  ];
  if (credentials) await rules.verify?.(credentials, ctx.config);
  return provider;
}

/** `--import-numbers`: every number of the account joins the workspace (those already in it stay as they are). */
export async function importAccountNumbers(ctx: CommandContext, tenantId: string, providerAccountId: string) {
  const numbers = await listProviderNumbers(ctx.db, tenantId, ctx.config, providerAccountId);
  const added = await importProviderNumbers(ctx.db, tenantId, cliActor, ctx.config, {
    providerAccountId,
    e164s: numbers.map((n) => n.e164),
  });
  const already = numbers.filter((n) => n.added).map((n) => n.e164);
  const line = !numbers.length
    ? "The account has no phone numbers yet."
    : [
        added.length
          ? `Added ${plural(added.length, "number")}: ${added.map((n) => n.e164).join(", ")}.`
          : "",
        already.length ? `Already in the workspace: ${already.join(", ")}.` : "",
      ]
        .filter(Boolean)
        .join(" ");
  return { added: added.map((n) => n.e164), already, line };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The line `--test` adds to a command's output. */
export const connectionTestLine = (test: { ok: boolean; message: string } | null) =>
  test ? `Connection test: ${test.ok ? "ok" : "FAILED"}: ${test.message}` : "";
