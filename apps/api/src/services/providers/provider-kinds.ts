import type { ProviderHealth } from "@ringflow/platform";
import { CarrierRestError } from "@ringflow/platform/carrier-rest";
import type { ApiConfig } from "../../config.ts";
import { apiError } from "../../errors.ts";
import { fetchAsteriskInfo, type AsteriskCredentials } from "./asterisk.ts";
import { asteriskExternalId } from "./asterisk-app-name.ts";
import { fetchSignalWireProject, type SignalWireCredentials } from "./signalwire.ts";
import { fetchTelnyxApplication, type TelnyxCredentials } from "./telnyx.ts";
import {
  describeTwilioError,
  fetchTwilioAccount,
  verifyTwilioCredentials,
  type TwilioCredentials,
} from "./twilio.ts";

export type KindConfig = Pick<
  ApiConfig,
  "twilioApiBaseUrl" | "signalWireApiBaseUrl" | "telnyxApiBaseUrl" | "pbxAllowNetworks"
>;

export interface CredentialsByKind {
  TWILIO: TwilioCredentials;
  ASTERISK: AsteriskCredentials;
  SIGNALWIRE: SignalWireCredentials;
  TELNYX: TelnyxCredentials;
}
export type ConnectedKind = keyof CredentialsByKind;

/** What a "Test connection" learned; `health` makes it count as a probe of a down account. */
export type TestContext = { health?: ProviderHealth | undefined; accountId: string };

interface KindRules<C> {
  /** The input's field holding these credentials (`signalwire: {...}`). */
  field: "twilio" | "asterisk" | "signalwire" | "telnyx";
  label: string;
  /** The provider's public identifier its webhooks are routed by. */
  externalId(credentials: C): string;
  /** What a client may see: never a secret. */
  visible(credentials: C): Record<string, unknown>;
  required: (keyof C & string)[];
  /** Refuses credentials the provider does not accept, before they are stored. */
  verify?(credentials: C, config: KindConfig): Promise<void>;
  test(credentials: C, config: KindConfig, context?: TestContext): Promise<{ ok: boolean; message: string }>;
}

/** A carrier's refusal in the words a form shows: its 4xx is the admin's to fix, anything else is the carrier's. */
async function verifiedBy(label: string, what: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof CarrierRestError && !error.retryable)
      throw apiError("BAD_REQUEST", `${label} refused these credentials: check ${what}. (${error.message})`);
    throw apiError(
      "BAD_GATEWAY",
      `Checking the credentials with ${label} failed. ${(error as Error).message}`,
      {
        providerError: (error as Error).message,
      },
    );
  }
}

const probe = (context?: TestContext) =>
  context ? { health: context.health, accountId: context.accountId, probe: true } : undefined;

/** Test connection's answer in words: a refusal (4xx) names what the admin should check, the carrier's words after. */
async function tested(
  label: string,
  what: string,
  run: () => Promise<string>,
): Promise<{ ok: boolean; message: string }> {
  try {
    return { ok: true, message: await run() };
  } catch (error) {
    if (error instanceof CarrierRestError && !error.retryable)
      return {
        ok: false,
        message: `${label} refused ${what}: check them in your ${label} account. (${error.message})`,
      };
    // A 5xx or 429: the trouble is at the carrier, nothing to change here.
    if (error instanceof CarrierRestError && error.status > 0)
      return {
        ok: false,
        message: `The trouble is at ${label}: try again in a few minutes. (${error.message})`,
      };
    return { ok: false, message: (error as Error).message };
  }
}

const SIGNALWIRE_CHECK = "the space address, the project ID and the API token";
const TELNYX_CHECK = "the API key and the TeXML application ID";

export const PROVIDER_KINDS: { [K in ConnectedKind]: KindRules<CredentialsByKind[K]> } = {
  TWILIO: {
    field: "twilio",
    label: "Twilio",
    externalId: (c) => c.accountSid,
    visible: (c) => ({ accountSid: c.accountSid, apiKeySid: c.apiKeySid ?? null }),
    required: ["accountSid", "authToken"],
    verify: (c, config) => verifyTwilioCredentials(c, config.twilioApiBaseUrl),
    test: async (c, config) => {
      try {
        const account = await fetchTwilioAccount(c, config.twilioApiBaseUrl);
        return {
          ok: true,
          message: `Connected to the Twilio account "${account.friendlyName}" (${account.status}).`,
        };
      } catch (error) {
        return { ok: false, message: describeTwilioError(error) };
      }
    },
  },
  ASTERISK: {
    field: "asterisk",
    label: "Asterisk",
    externalId: asteriskExternalId,
    visible: (c) => ({
      ariUrl: c.ariUrl,
      username: c.username,
      applicationName: c.applicationName,
      outboundDialString: c.outboundDialString ?? null,
    }),
    required: ["ariUrl", "username", "password", "applicationName"],
    test: async (c, config, context) => {
      const started = performance.now();
      const result = await fetchAsteriskInfo(c, { allowNetworks: config.pbxAllowNetworks ?? [] });
      // The probe of an account marked down: once Asterisk answers, outbound calls use it again.
      await context?.health
        ?.record(context.accountId, {
          channel: "rest",
          ok: result.ok,
          latencyMs: performance.now() - started,
          probe: true,
        })
        .catch(() => undefined);
      return result;
    },
  },
  SIGNALWIRE: {
    field: "signalwire",
    label: "SignalWire",
    externalId: (c) => c.projectId,
    visible: (c) => ({
      spaceUrl: c.spaceUrl,
      projectId: c.projectId,
      signingKey: c.signingKey ? "set" : null,
    }),
    required: ["spaceUrl", "projectId", "apiToken"],
    verify: (c, config) =>
      verifiedBy("SignalWire", SIGNALWIRE_CHECK, () =>
        fetchSignalWireProject(c, config.signalWireApiBaseUrl),
      ),
    test: (c, config, context) =>
      tested("SignalWire", SIGNALWIRE_CHECK, async () => {
        const project = await fetchSignalWireProject(c, config.signalWireApiBaseUrl, probe(context));
        return `Connected to the SignalWire project "${project.friendlyName}" (${project.status}).`;
      }),
  },
  TELNYX: {
    field: "telnyx",
    label: "Telnyx",
    externalId: (c) => c.applicationId,
    visible: (c) => ({ applicationId: c.applicationId, publicKey: c.publicKey }),
    required: ["apiKey", "applicationId", "publicKey"],
    verify: (c, config) =>
      verifiedBy("Telnyx", TELNYX_CHECK, () => fetchTelnyxApplication(c, config.telnyxApiBaseUrl)),
    test: (c, config, context) =>
      tested("Telnyx", TELNYX_CHECK, async () => {
        const app = await fetchTelnyxApplication(c, config.telnyxApiBaseUrl, probe(context));
        return `Connected to the Telnyx TeXML application "${app.friendlyName}"${app.active ? "" : " (switched off in Telnyx)"}.`;
      }),
  },
};

export const kindRules = <K extends ConnectedKind>(kind: K) =>
  PROVIDER_KINDS[kind] as unknown as KindRules<CredentialsByKind[ConnectedKind]>;
