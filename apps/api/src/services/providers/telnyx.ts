import { carrierRequest, type HealthContext } from "@ringflow/platform/carrier-rest";
import type { VoiceTargets } from "./signalwire.ts";

export interface TelnyxCredentials {
  apiKey: string;
  /** The TeXML application (a "connection" in Telnyx's API) the numbers' calls run on. */
  applicationId: string;
  /** The account's Ed25519 public key (base64), that Telnyx's webhook signatures are checked against. */
  publicKey: string;
}

const CARRIER = "Telnyx";
const TELNYX_API = "https://api.telnyx.com/v2";

function telnyxRequest(
  credentials: TelnyxCredentials,
  baseUrl: string | undefined,
  method: "GET" | "POST" | "PATCH",
  path: string,
  json?: unknown,
) {
  return {
    carrier: CARRIER,
    method,
    url: `${(baseUrl ?? TELNYX_API).replace(/\/+$/, "")}${path}`,
    headers: { authorization: `Bearer ${credentials.apiKey}` },
    ...(json !== undefined ? { body: { json } } : {}),
  };
}

/** "Test connection": the TeXML application, read with the API key. */
export async function fetchTelnyxApplication(
  credentials: TelnyxCredentials,
  baseUrl?: string,
  context?: HealthContext,
) {
  const answer = await carrierRequest<{
    data?: { friendly_name?: string; active?: boolean; voice_url?: string };
  }>(
    telnyxRequest(
      credentials,
      baseUrl,
      "GET",
      `/texml_applications/${encodeURIComponent(credentials.applicationId)}`,
    ),
    context,
  );
  return {
    friendlyName: answer?.data?.friendly_name ?? credentials.applicationId,
    active: answer?.data?.active !== false,
    voiceUrl: answer?.data?.voice_url ?? null,
  };
}

export async function listTelnyxNumbers(credentials: TelnyxCredentials, baseUrl?: string) {
  const page = await carrierRequest<{
    data?: { id: string; phone_number: string; connection_id?: string | null }[];
  }>(telnyxRequest(credentials, baseUrl, "GET", "/phone_numbers?page[size]=250"));
  return (page?.data ?? []).map((number) => ({
    sid: number.id,
    e164: number.phone_number,
    friendlyName: number.phone_number,
    /** Telnyx keeps the voice URL on the application; a number on another one does not reach Ringflow. */
    voiceUrl: number.connection_id === credentials.applicationId ? "(this TeXML application)" : null,
  }));
}

/**
 * Binding a Telnyx number: the number joins the TeXML application, whose voice URL, fallback URL and status
 * callback point at the runtime (Telnyx keeps them on the application, not the number).
 */
export async function pointTelnyxNumber(
  credentials: TelnyxCredentials,
  baseUrl: string | undefined,
  numberId: string,
  targets: VoiceTargets,
) {
  await carrierRequest(
    telnyxRequest(
      credentials,
      baseUrl,
      "PATCH",
      `/texml_applications/${encodeURIComponent(credentials.applicationId)}`,
      {
        voice_url: `${targets.runtimePublicUrl}/telnyx/voice`,
        voice_method: "post",
        status_callback: `${targets.runtimePublicUrl}/telnyx/status`,
        status_callback_method: "post",
        ...(targets.runtimeFallbackUrl
          ? { voice_fallback_url: `${targets.runtimeFallbackUrl}/telnyx/voice` }
          : {}),
      },
    ),
  );
  await carrierRequest(
    telnyxRequest(credentials, baseUrl, "PATCH", `/phone_numbers/${encodeURIComponent(numberId)}`, {
      connection_id: credentials.applicationId,
    }),
  );
}

/** A connection-scoped TeXML call: Telnyx fetches the flow from the runtime when it is answered. */
export async function createTelnyxCall(
  credentials: TelnyxCredentials,
  baseUrl: string | undefined,
  input: { to: string; from: string; runtimePublicUrl: string; twiml?: string },
  context?: HealthContext,
) {
  const call = await carrierRequest<{ call_sid?: string; sid?: string; status?: string }>(
    telnyxRequest(
      credentials,
      baseUrl,
      "POST",
      `/texml/calls/${encodeURIComponent(credentials.applicationId)}`,
      {
        To: input.to,
        From: input.from,
        ...(input.twiml
          ? { Texml: input.twiml }
          : { Url: `${input.runtimePublicUrl}/telnyx/voice`, UrlMethod: "POST" }),
        StatusCallback: `${input.runtimePublicUrl}/telnyx/status`,
        StatusCallbackMethod: "POST",
        StatusCallbackEvent: "initiated ringing answered completed",
      },
    ),
    context,
  );
  const sid = call?.call_sid ?? call?.sid;
  if (!sid) throw new Error("Telnyx accepted the call but did not say its id.");
  return { sid, status: call.status ?? "queued" };
}
