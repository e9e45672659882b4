import twilio from "twilio";
import type { AgentEndpointKind, CallProvider, Db, ProviderAccountModel } from "@ringflow/db";
import { ASTERISK_CALL_ID_HEADER } from "@ringflow/flow-schema";
import {
  failoverReason,
  isPhoneKind,
  outboundEndpoint,
  placeWithFailover,
  ProviderHealth,
  sipEndpoint,
  type PhoneKind,
  type PlacementAttempt,
  type Redis,
} from "@ringflow/platform";
import type { ApiConfig } from "../../config.ts";
import { apiError } from "../../errors.ts";
import { originateAsteriskCall, type AsteriskCredentials, type AsteriskPlacement } from "./asterisk.ts";
import type { CredentialsByKind } from "./provider-kinds.ts";
import { credentialsFor } from "./providers.ts";
import { createSignalWireCall } from "./signalwire.ts";
import { createTelnyxCall } from "./telnyx.ts";
import { describeTwilioError, twilioClient } from "./twilio.ts";

/**
 * What to place: the flow on the runtime when answered, or click-to-call (`agent`: a carrier rings the agent at
 * `to` and follows `twiml`, the tenant's Asterisk rings the agent's endpoint and bridges `agent.destination`).
 */
export interface OutboundRequest {
  /** The Call row: an Asterisk channel is named after it. */
  callId: string;
  to: string;
  from: string;
  twiml?: string;
  agent?: {
    endpoint: { kind: AgentEndpointKind; address: string };
    /** The agent's extension: a browser phone registers to the PBX as it. */
    extension: string;
    destination: string;
  };
}

export type { PhoneKind, PlacementAttempt };

/** Stasis arguments the runtime knows an API-placed channel by (ari-application.ts, click-to-call.ts). */
const OUTBOUND_ARGS = "ringflow:outbound";
const CLICK_ARGS = "ringflow:click";

/**
 * The channel the tenant's Asterisk is asked to make: a flow's call is named after the Call row and dials the
 * number through the account's outbound dial string; click-to-call rings the agent's endpoint first, its
 * INVITE naming our call (the desktop's browser phone takes only calls that do).
 */
function asteriskPlacement(credentials: AsteriskCredentials, request: OutboundRequest): AsteriskPlacement {
  const dial = (number: string) => outboundEndpoint(credentials.outboundDialString, number);
  if (!request.agent)
    return {
      channelId: request.callId,
      endpoint: dial(request.to),
      appArgs: `${OUTBOUND_ARGS},${request.callId}`,
      callerId: request.from,
    };
  const { endpoint, extension } = request.agent;
  return {
    channelId: `ringflow-click.${request.callId}`,
    endpoint:
      endpoint.kind === "PHONE"
        ? dial(endpoint.address)
        : sipEndpoint(endpoint.kind === "SIP" ? endpoint.address : extension),
    appArgs: `${CLICK_ARGS},${request.callId}`,
    callerId: request.from,
    variables: { [`PJSIP_HEADER(add,${ASTERISK_CALL_ID_HEADER})`]: request.callId },
  };
}

/** A phone company shows a phone number as caller ID, never a PBX's extension. */
const isPhoneNumber = (from: string) => /^\+[1-9]\d{6,14}$/.test(from);

/** Asks one account's carrier to place the call; every request counts in the account's health. */
async function placeThrough(
  account: ProviderAccountModel & { kind: PhoneKind },
  request: OutboundRequest,
  config: ApiConfig,
  health: ProviderHealth,
  claim: (channelId: string) => Promise<void>,
): Promise<{ sid: string }> {
  const context = { health, accountId: account.id };
  const runtimePublicUrl = config.runtimePublicUrl;
  switch (account.kind) {
    case "ASTERISK": {
      const credentials = credentialsFor<CredentialsByKind["ASTERISK"]>(account);
      const placement = asteriskPlacement(credentials, request);
      // The runtime finds the row by its channel the moment the channel enters Stasis, or ends unanswered.
      await claim(placement.channelId);
      return originateAsteriskCall(
        credentials,
        placement,
        { allowNetworks: config.pbxAllowNetworks ?? [] },
        context,
      );
    }
    case "SIGNALWIRE":
      return createSignalWireCall(
        credentialsFor<CredentialsByKind["SIGNALWIRE"]>(account),
        config.signalWireApiBaseUrl,
        { ...request, runtimePublicUrl },
        context,
      );
    case "TELNYX":
      return createTelnyxCall(
        credentialsFor<CredentialsByKind["TELNYX"]>(account),
        config.telnyxApiBaseUrl,
        { ...request, runtimePublicUrl },
        context,
      );
    case "TWILIO": {
      const started = performance.now();
      const record = (ok: boolean) =>
        health
          .record(account.id, { channel: "rest", ok, latencyMs: performance.now() - started })
          .catch(() => {});
      try {
        const call = await twilioClient(
          credentialsFor<CredentialsByKind["TWILIO"]>(account),
          config.twilioApiBaseUrl,
        ).calls.create({
          to: request.to,
          from: request.from,
          ...(request.twiml
            ? { twiml: request.twiml }
            : { url: `${runtimePublicUrl}/twilio/voice`, method: "POST" }),
          statusCallback: `${runtimePublicUrl}/twilio/status`,
          statusCallbackMethod: "POST",
          statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
        });
        await record(true);
        return { sid: call.sid };
      } catch (error) {
        await record(failoverReason(error, describeTwilioError) === null);
        throw error;
      }
    }
  }
}

/**
 * Places an outbound call through the number's account, else through the backup account it names
 * (failoverAccountId) when the first is marked down or refuses in a way another carrier may not (no
 * answer, its own failure, rate limiting). Every attempt and its reason is returned for the call's log;
 * a refusal of the call itself (a bad number) is not retried elsewhere.
 */
export async function placeOutbound(
  db: Db,
  redis: Redis,
  config: ApiConfig,
  tenantId: string,
  primaryAccountId: string,
  request: OutboundRequest,
): Promise<{ sid: string; providerAccountId: string; provider: CallProvider; attempts: PlacementAttempt[] }> {
  const health = new ProviderHealth(redis);
  const primary = await db.providerAccount.findFirst({ where: { id: primaryAccountId, tenantId } });
  const backup = primary?.failoverAccountId
    ? await db.providerAccount.findFirst({ where: { id: primary.failoverAccountId, tenantId } })
    : null;
  const chain = [primary, backup].filter(
    (row): row is ProviderAccountModel & { kind: PhoneKind } => !!row && isPhoneKind(row.kind),
  );
  if (!chain.length) throw apiError("PRECONDITION_FAILED", "This number's account cannot place calls.");
  const claim = (account: { id: string }) => async (channelId: string) => {
    await db.call.updateMany({
      where: { id: request.callId, tenantId },
      data: { provider: "ASTERISK", providerCallId: channelId, providerAccountId: account.id },
    });
  };
  const placement = await placeWithFailover(chain, {
    isDown: (accountId) => health.isDown(accountId),
    passOver: (account) =>
      account.kind !== "ASTERISK" && !isPhoneNumber(request.from)
        ? `${request.from} is an extension of the phone system; a phone company shows only phone numbers`
        : null,
    place: (account) => placeThrough(account, request, config, health, claim(account)),
    describe: describeTwilioError,
  });
  if (!placement.ok) throw new PlacementFailed(placement.attempts, placement.last);
  const { account, placed, attempts } = placement;
  return { sid: placed.sid, providerAccountId: account.id, provider: account.kind, attempts };
}

/** No account placed the call: the attempts (for the call's row) and the last refusal, in the carrier's words. */
export class PlacementFailed extends Error {
  constructor(
    readonly attempts: PlacementAttempt[],
    readonly last: unknown,
  ) {
    super(
      last instanceof twilio.RestException || !(last instanceof Error)
        ? describeTwilioError(last)
        : last.message,
    );
  }
}
