import twilio from "twilio";
import { apiError } from "../../errors.ts";

type RequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid?: string | undefined;
  apiKeySecret?: string | undefined;
}

/** Sends every request of the client to another base URL (a proxy, or a local stand-in under test). */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }
  override request<TData>(opts: RequestOptions<TData>) {
    const original = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.baseUrl}${original.pathname}${original.search}` });
  }
}

/** A REST client acting for the account: with the API key when there is one, else the auth token. */
export function twilioClient(credentials: TwilioCredentials, baseUrl?: string) {
  const options = {
    accountSid: credentials.accountSid,
    timeout: 10_000,
    ...(baseUrl ? { httpClient: new RebasedRequestClient(baseUrl) } : {}),
  };
  return credentials.apiKeySid && credentials.apiKeySecret
    ? twilio(credentials.apiKeySid, credentials.apiKeySecret, options)
    : twilio(credentials.accountSid, credentials.authToken, options);
}

/** Twilio's own words for what went wrong, with its status and error code. */
export function describeTwilioError(error: unknown): string {
  if (error instanceof twilio.RestException)
    return `Twilio answered ${error.status}${error.code ? ` (error ${error.code})` : ""}: ${error.message}`;
  const code = (error as { code?: unknown } | null)?.code;
  return `Could not reach Twilio: ${NETWORK_WORDS[typeof code === "string" ? code : ""] ?? NETWORK_UNKNOWN}`;
}

// Network failures in words: an admin cannot act on "getaddrinfo ENOTFOUND api.twilio.com".
const NO_DNS = "this server cannot look up Twilio's address (is it connected to the internet?).";
const NETWORK_WORDS: Record<string, string> = {
  ENOTFOUND: NO_DNS,
  EAI_AGAIN: NO_DNS,
  ECONNREFUSED: "the connection was refused (a firewall or proxy may be in the way).",
  ECONNRESET: "the connection was cut off before Twilio answered. Try again in a moment.",
  ETIMEDOUT: "it did not answer in time. Try again in a moment.",
  ECONNABORTED: "it did not answer in time. Try again in a moment.",
};
const NETWORK_UNKNOWN = "the network between this server and Twilio failed. Try again in a moment.";

/** Runs a Twilio request; a failure becomes a BAD_GATEWAY that tells the admin what Twilio said. */
export async function callTwilio<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const providerError = describeTwilioError(error);
    throw apiError("BAD_GATEWAY", `${what} failed. ${providerError}`, { providerError });
  }
}

/**
 * Proves the caller holds the account: Twilio's own `GET /2010-04-01/Accounts/{AccountSid}.json` answered
 * with the auth token (the runtime checks webhook signatures with it) and, when given, with the API key.
 * A refusal is BAD_REQUEST, said without anything Twilio or Ringflow knows about the account.
 */
export async function verifyTwilioCredentials(credentials: TwilioCredentials, baseUrl?: string) {
  const attempts: TwilioCredentials[] = [
    { accountSid: credentials.accountSid, authToken: credentials.authToken },
  ];
  if (credentials.apiKeySid || credentials.apiKeySecret) attempts.push(credentials);
  for (const attempt of attempts) {
    try {
      await fetchTwilioAccount(attempt, baseUrl);
    } catch (error) {
      if (error instanceof twilio.RestException && error.status >= 400 && error.status < 500)
        throw apiError(
          "BAD_REQUEST",
          attempt.apiKeySid
            ? "Twilio refused these credentials: check the API key SID and secret (they must belong to this Account SID)."
            : "Twilio refused these credentials: check the Account SID and the Auth Token.",
        );
      const providerError = describeTwilioError(error);
      throw apiError("BAD_GATEWAY", `Checking the credentials with Twilio failed. ${providerError}`, {
        providerError,
      });
    }
  }
}

export async function fetchTwilioAccount(credentials: TwilioCredentials, baseUrl?: string) {
  const account = await twilioClient(credentials, baseUrl).api.v2010.accounts(credentials.accountSid).fetch();
  return { friendlyName: account.friendlyName, status: account.status, type: account.type };
}

export async function listTwilioNumbers(credentials: TwilioCredentials, baseUrl?: string) {
  const numbers = await twilioClient(credentials, baseUrl).incomingPhoneNumbers.list({
    pageSize: 1000,
    limit: 5000,
  });
  return numbers.map((number) => ({
    sid: number.sid,
    e164: number.phoneNumber,
    friendlyName: number.friendlyName,
    voiceUrl: number.voiceUrl ?? null,
  }));
}

/** Points a number's voice webhook and status callback at the runtime, and its fallback at a second one. */
export async function pointTwilioNumber(
  credentials: TwilioCredentials,
  baseUrl: string | undefined,
  numberSid: string,
  targets: { runtimePublicUrl: string; runtimeFallbackUrl?: string | undefined },
) {
  const { runtimePublicUrl, runtimeFallbackUrl } = targets;
  await twilioClient(credentials, baseUrl)
    .incomingPhoneNumbers(numberSid)
    .update({
      voiceUrl: `${runtimePublicUrl}/twilio/voice`,
      voiceMethod: "POST",
      statusCallback: `${runtimePublicUrl}/twilio/status`,
      statusCallbackMethod: "POST",
      ...(runtimeFallbackUrl
        ? { voiceFallbackUrl: `${runtimeFallbackUrl}/twilio/voice`, voiceFallbackMethod: "POST" }
        : {}),
    });
}

/** Asks Twilio to place a call that runs the flow on the runtime when answered. */
export async function createTwilioCall(
  credentials: TwilioCredentials,
  baseUrl: string | undefined,
  input: { to: string; from: string; runtimePublicUrl: string },
) {
  const call = await twilioClient(credentials, baseUrl).calls.create({
    to: input.to,
    from: input.from,
    url: `${input.runtimePublicUrl}/twilio/voice`,
    method: "POST",
    statusCallback: `${input.runtimePublicUrl}/twilio/status`,
    statusCallbackMethod: "POST",
    statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
  });
  return { sid: call.sid, status: call.status };
}
