import { basicAuth, carrierRequest, type HealthContext } from "@ringflow/platform/carrier-rest";

export interface SignalWireCredentials {
  /** The space's host name, `<space>.signalwire.com`. */
  spaceUrl: string;
  projectId: string;
  apiToken: string;
  /** The project's webhook signing key, when the space shows one; webhooks are checked with the API token otherwise. */
  signingKey?: string | undefined;
}

/** Where a number's calls and their callbacks go on the runtime, for SignalWire's LaML (Twilio-compatible) API. */
export interface VoiceTargets {
  runtimePublicUrl: string;
  runtimeFallbackUrl?: string | undefined;
}

const CARRIER = "SignalWire";

/** SignalWire's Twilio-compatible REST API of the project: `/api/laml/2010-04-01/Accounts/{ProjectId}`. */
function lamlRequest(
  credentials: SignalWireCredentials,
  baseUrl: string | undefined,
  method: "GET" | "POST",
  path: string,
  form?: URLSearchParams,
) {
  const base = (baseUrl ?? `https://${credentials.spaceUrl}`).replace(/\/+$/, "");
  return {
    carrier: CARRIER,
    method,
    url: `${base}/api/laml/2010-04-01/Accounts/${encodeURIComponent(credentials.projectId)}${path}`,
    headers: { authorization: basicAuth(credentials.projectId, credentials.apiToken) },
    ...(form ? { body: { form } } : {}),
  };
}

export async function fetchSignalWireProject(
  credentials: SignalWireCredentials,
  baseUrl?: string,
  context?: HealthContext,
) {
  const project = await carrierRequest<{ friendly_name?: string; status?: string }>(
    lamlRequest(credentials, baseUrl, "GET", ".json"),
    context,
  );
  return {
    friendlyName: project?.friendly_name ?? credentials.projectId,
    status: project?.status ?? "active",
  };
}

export async function listSignalWireNumbers(credentials: SignalWireCredentials, baseUrl?: string) {
  const page = await carrierRequest<{
    incoming_phone_numbers?: {
      sid: string;
      phone_number: string;
      friendly_name?: string;
      voice_url?: string;
    }[];
  }>(lamlRequest(credentials, baseUrl, "GET", "/IncomingPhoneNumbers.json?PageSize=1000"));
  return (page?.incoming_phone_numbers ?? []).map((number) => ({
    sid: number.sid,
    e164: number.phone_number,
    friendlyName: number.friendly_name ?? number.phone_number,
    voiceUrl: number.voice_url ?? null,
  }));
}

/** The runtime's voice URL, its fallback (a runtime elsewhere) and status callback on the number. */
export async function pointSignalWireNumber(
  credentials: SignalWireCredentials,
  baseUrl: string | undefined,
  numberSid: string,
  targets: VoiceTargets,
) {
  const form = new URLSearchParams({
    VoiceUrl: `${targets.runtimePublicUrl}/signalwire/voice`,
    VoiceMethod: "POST",
    StatusCallback: `${targets.runtimePublicUrl}/signalwire/status`,
    StatusCallbackMethod: "POST",
  });
  if (targets.runtimeFallbackUrl) {
    form.set("VoiceFallbackUrl", `${targets.runtimeFallbackUrl}/signalwire/voice`);
    form.set("VoiceFallbackMethod", "POST");
  }
  await carrierRequest(
    lamlRequest(
      credentials,
      baseUrl,
      "POST",
      `/IncomingPhoneNumbers/${encodeURIComponent(numberSid)}.json`,
      form,
    ),
  );
}

/** Places a call that fetches the flow from the runtime when answered (`twiml`: a fixed answer instead). */
export async function createSignalWireCall(
  credentials: SignalWireCredentials,
  baseUrl: string | undefined,
  input: { to: string; from: string; runtimePublicUrl: string; twiml?: string },
  context?: HealthContext,
) {
  const form = new URLSearchParams({
    To: input.to,
    From: input.from,
    Method: "POST",
    StatusCallback: `${input.runtimePublicUrl}/signalwire/status`,
    StatusCallbackMethod: "POST",
  });
  if (input.twiml) form.set("Twiml", input.twiml);
  else form.set("Url", `${input.runtimePublicUrl}/signalwire/voice`);
  for (const event of ["initiated", "ringing", "answered", "completed"])
    form.append("StatusCallbackEvent", event);
  const call = await carrierRequest<{ sid: string; status?: string }>(
    lamlRequest(credentials, baseUrl, "POST", "/Calls.json", form),
    context,
  );
  return { sid: call.sid, status: call.status ?? "queued" };
}
