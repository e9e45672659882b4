import { openCredentials, type Db } from "@ringflow/db";
import type { ProviderHealth } from "@ringflow/platform";
import {
  basicAuth,
  carrierRequest,
  CarrierRestError,
  type CarrierRequest,
} from "@ringflow/platform/carrier-rest";
import type { QueuedCall } from "../../acd/queued-calls.ts";
import type {
  ConferenceLeg,
  ConferenceParty,
  ConferenceRef,
  ConferenceRest,
  PartyChange,
} from "../twilio/conference-rest.ts";
import type { TwilioUrls } from "../twilio/urls.ts";

/**
 * How one TwiML dialect's REST API is reached: its account's base path, its auth, whether paths end in `.json`,
 * and how a call is placed (SignalWire: a Twilio form; Telnyx: JSON naming the TeXML application).
 */
interface DialectApi {
  carrier: string;
  /** `…/Accounts/{account}`: every path below is under it. */
  base: string;
  authorization: string;
  suffix: "" | ".json";
  placeCall(fields: Record<string, string | string[]>): Pick<CarrierRequest, "body">;
  /** Starting a recording in the middle of a call (Telnyx TeXML cannot). */
  records: boolean;
}

const form = (fields: Record<string, string | string[] | undefined>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      body.append(name, one);
  return body;
};

/**
 * A dialect's calls, conferences and participants, Twilio's REST resources in its own paths. A leg is rung as a
 * call of its own whose answer (`<prefix>/queue-join`) joins the conference by name: these carriers add
 * participants through REST only to a conference that exists, and the caller joins only once an agent answers.
 * The caller's and agent's legs are addressed by call id, others by label.
 */
function dialectRest(
  api: DialectApi,
  joinUrl: (conference: ConferenceRef, leg: ConferenceLeg) => string,
  health: { health: ProviderHealth | undefined; accountId: string },
): ConferenceRest {
  const request = <T>(
    method: CarrierRequest["method"],
    path: string,
    body?: Pick<CarrierRequest, "body">["body"],
  ) =>
    carrierRequest<T>(
      {
        carrier: api.carrier,
        method,
        url: `${api.base}${path}`,
        headers: { authorization: api.authorization },
        ...(body ? { body } : {}),
      },
      health,
    );
  const call = (sid: string) => `/Calls/${encodeURIComponent(sid)}${api.suffix}`;
  async function conferenceSid(conference: ConferenceRef): Promise<string> {
    if (conference.sid) return conference.sid;
    const query = new URLSearchParams({ FriendlyName: conference.name, Status: "in-progress" });
    const page = await request<{ conferences?: { sid?: string }[] }>(
      "GET",
      `/Conferences${api.suffix}?${query}`,
    );
    const sid = page?.conferences?.find((c) => c.sid)?.sid;
    if (!sid)
      throw new CarrierRestError(api.carrier, 404, `${api.carrier} has no conference for this call now`);
    return sid;
  }
  const party = async (conference: ConferenceRef, who: ConferenceParty) =>
    `/Conferences/${encodeURIComponent(await conferenceSid(conference))}/Participants/${encodeURIComponent(
      who.callSid ?? who.label,
    )}${api.suffix}`;
  const rest: ConferenceRest = {
    async addLeg(conference, leg) {
      const placed = await request<{ sid?: string; call_sid?: string }>(
        "POST",
        `/Calls${api.suffix}`,
        api.placeCall({
          To: leg.to,
          From: leg.from,
          Url: joinUrl(conference, leg),
          ...(leg.timeoutSeconds !== undefined ? { Timeout: String(leg.timeoutSeconds) } : {}),
          ...(leg.statusCallback
            ? {
                StatusCallback: leg.statusCallback,
                StatusCallbackMethod: "POST",
                StatusCallbackEvent: leg.statusCallbackEvent ?? ["completed"],
              }
            : {}),
        }).body,
      );
      return { callSid: placed?.call_sid ?? placed?.sid ?? null, conferenceSid: null };
    },
    async updateParty(conference, who, change: PartyChange) {
      await request("POST", await party(conference, who), {
        form: form({
          Hold: flag(change.hold),
          HoldUrl: change.holdUrl,
          HoldMethod: change.holdUrl ? "GET" : undefined,
          Muted: flag(change.muted),
          Coaching: flag(change.coaching),
          CallSidToCoach: change.callSidToCoach,
          EndConferenceOnExit: flag(change.endConferenceOnExit),
        }),
      });
    },
    async removeParty(conference, who) {
      await request("DELETE", await party(conference, who));
    },
    async redirect(callSid, url) {
      await request("POST", call(callSid), { form: form({ Url: url, Method: "POST" }) });
    },
    async endCall(callSid) {
      await request("POST", call(callSid), { form: form({ Status: "completed" }) });
    },
  };
  if (api.records)
    rest.startRecording = async (callSid, statusCallback) => {
      await request("POST", `/Calls/${encodeURIComponent(callSid)}/Recordings${api.suffix}`, {
        form: form({
          RecordingChannels: "dual",
          RecordingStatusCallback: statusCallback,
          RecordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
        }),
      });
    };
  return rest;
}

const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));

/** The answer of a leg rung into a conference: the query of `<prefix>/queue-join` says how it joins. */
export function queueJoinUrl(urls: TwilioUrls) {
  return (conference: ConferenceRef, leg: ConferenceLeg) =>
    urls.action("queue-join", undefined, {
      conference: conference.name,
      label: leg.label,
      start: leg.startConferenceOnEnter ? "1" : "0",
      end: leg.endConferenceOnExit ? "1" : "0",
      ...(leg.muted ? { muted: "1" } : {}),
      ...(leg.coaching && leg.callSidToCoach ? { coach: leg.callSidToCoach } : {}),
    });
}

export interface DialectRestDeps {
  db: Db;
  /** SIGNALWIRE_API_BASE_URL (else the project's space); tests point it at a local stand-in. */
  signalWireApiBaseUrl?: string | undefined;
  /** TELNYX_API_BASE_URL (else Telnyx's API). */
  telnyxApiBaseUrl?: string | undefined;
  health?: ProviderHealth | undefined;
}

const TELNYX_API = "https://api.telnyx.com/v2";

async function accountRow(db: Db, call: QueuedCall, kind: "SIGNALWIRE" | "TELNYX") {
  const row = call.providerAccountId
    ? await db.providerAccount.findFirst({
        where: { id: call.providerAccountId, tenantId: call.tenantId, kind },
      })
    : null;
  if (!row) throw new Error(`call ${call.callId} has no ${kind} account`);
  return { id: row.id, credentials: openCredentials<Record<string, string>>(row) };
}

/** SignalWire's LaML API of the call's project: Twilio's resources under /api/laml, a form, Basic auth. */
export const signalWireRestFor =
  (deps: DialectRestDeps, urls: TwilioUrls) =>
  async (call: QueuedCall): Promise<ConferenceRest> => {
    const { id, credentials } = await accountRow(deps.db, call, "SIGNALWIRE");
    const { spaceUrl, projectId, apiToken } = credentials as Record<string, string>;
    const origin = (deps.signalWireApiBaseUrl ?? `https://${spaceUrl}`).replace(/\/+$/, "");
    return dialectRest(
      {
        carrier: "SignalWire",
        base: `${origin}/api/laml/2010-04-01/Accounts/${encodeURIComponent(projectId ?? "")}`,
        authorization: basicAuth(projectId ?? "", apiToken ?? ""),
        suffix: ".json",
        placeCall: (fields) => ({ body: { form: form({ ...fields, Method: "POST" }) } }),
        records: true,
      },
      queueJoinUrl(urls),
      { health: deps.health, accountId: id },
    );
  };

/**
 * Telnyx's TeXML REST API: the Telnyx account's id (the AccountSid of its webhooks, kept on the queued call)
 * in the path, the API key as a bearer token; a call is placed on the account's TeXML application.
 */
export const telnyxRestFor =
  (deps: DialectRestDeps, urls: TwilioUrls) =>
  async (call: QueuedCall): Promise<ConferenceRest> => {
    const { id, credentials } = await accountRow(deps.db, call, "TELNYX");
    if (!call.carrierAccountSid) throw new Error(`call ${call.callId} does not know its Telnyx account`);
    const origin = (deps.telnyxApiBaseUrl ?? TELNYX_API).replace(/\/+$/, "");
    return dialectRest(
      {
        carrier: "Telnyx",
        base: `${origin}/texml/Accounts/${encodeURIComponent(call.carrierAccountSid)}`,
        authorization: `Bearer ${credentials.apiKey ?? ""}`,
        suffix: "",
        placeCall: ({ StatusCallbackEvent, ...fields }) => ({
          body: {
            json: {
              ...fields,
              ApplicationSid: credentials.applicationId,
              UrlMethod: "POST",
              ...(StatusCallbackEvent ? { StatusCallbackEvent: [StatusCallbackEvent].flat().join(" ") } : {}),
            },
          },
        }),
        records: false,
      },
      queueJoinUrl(urls),
      { health: deps.health, accountId: id },
    );
  };
