import type { Db } from "@ringflow/db";
import type { ApiConfig } from "../../config.ts";
import { apiError } from "../../errors.ts";
import type { CredentialsByKind } from "./provider-kinds.ts";
import { credentialsFor, findProvider } from "./providers.ts";
import { listSignalWireNumbers, pointSignalWireNumber } from "./signalwire.ts";
import { listTelnyxNumbers, pointTelnyxNumber } from "./telnyx.ts";
import { callTwilio, listTwilioNumbers, pointTwilioNumber } from "./twilio.ts";

export interface CarrierNumber {
  sid: string;
  e164: string;
  friendlyName: string;
  voiceUrl: string | null;
}

const LABEL = { TWILIO: "Twilio", SIGNALWIRE: "SignalWire", TELNYX: "Telnyx" } as const;
type NumberKind = keyof typeof LABEL;

/** A carrier request whose failure an admin reads: BAD_GATEWAY with the carrier's own words. */
async function carrierCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const providerError = (error as Error).message;
    throw apiError("BAD_GATEWAY", `${what} failed. ${providerError}`, { providerError });
  }
}

async function numberAccount(db: Db, tenantId: string, providerAccountId: string) {
  const row = await findProvider(db, tenantId, providerAccountId);
  if (!(row.kind in LABEL))
    throw apiError("BAD_REQUEST", "This provider account has no phone numbers to list.");
  return row as typeof row & { kind: NumberKind };
}

/** The numbers a carrier account holds (Twilio, SignalWire or Telnyx). */
export async function carrierNumbers(
  db: Db,
  tenantId: string,
  config: ApiConfig,
  providerAccountId: string,
): Promise<CarrierNumber[]> {
  const row = await numberAccount(db, tenantId, providerAccountId);
  const what = `Listing the ${LABEL[row.kind]} account's numbers`;
  switch (row.kind) {
    case "TWILIO":
      return callTwilio(what, () =>
        listTwilioNumbers(credentialsFor<CredentialsByKind["TWILIO"]>(row), config.twilioApiBaseUrl),
      );
    case "SIGNALWIRE":
      return carrierCall(what, () =>
        listSignalWireNumbers(
          credentialsFor<CredentialsByKind["SIGNALWIRE"]>(row),
          config.signalWireApiBaseUrl,
        ),
      );
    case "TELNYX":
      return carrierCall(what, () =>
        listTelnyxNumbers(credentialsFor<CredentialsByKind["TELNYX"]>(row), config.telnyxApiBaseUrl),
      );
  }
}

/**
 * Binding a number: the carrier sends its calls to the runtime (voice URL and status callback) and, when the
 * operator runs a second runtime (RUNTIME_FALLBACK_URL), falls back to that one. Returns the carrier's id of
 * the number (found by its E.164 when not known yet).
 */
export async function pointCarrierNumber(
  db: Db,
  tenantId: string,
  config: ApiConfig,
  number: { e164: string; providerSid: string | null; providerAccountId: string },
): Promise<string> {
  const row = await numberAccount(db, tenantId, number.providerAccountId);
  const sid =
    number.providerSid ??
    (await carrierNumbers(db, tenantId, config, row.id)).find((n) => n.e164 === number.e164)?.sid;
  if (!sid)
    throw apiError(
      "NOT_FOUND",
      `${number.e164} is not a number of the ${LABEL[row.kind]} account "${row.name}".`,
    );
  const targets = {
    runtimePublicUrl: config.runtimePublicUrl,
    runtimeFallbackUrl: config.runtimeFallbackUrl,
  };
  const what = `Setting the number's voice URL at ${LABEL[row.kind]}`;
  switch (row.kind) {
    case "TWILIO":
      await callTwilio(what, () =>
        pointTwilioNumber(
          credentialsFor<CredentialsByKind["TWILIO"]>(row),
          config.twilioApiBaseUrl,
          sid,
          targets,
        ),
      );
      break;
    case "SIGNALWIRE":
      await carrierCall(what, () =>
        pointSignalWireNumber(
          credentialsFor<CredentialsByKind["SIGNALWIRE"]>(row),
          config.signalWireApiBaseUrl,
          sid,
          targets,
        ),
      );
      break;
    case "TELNYX":
      await carrierCall(what, () =>
        pointTelnyxNumber(
          credentialsFor<CredentialsByKind["TELNYX"]>(row),
          config.telnyxApiBaseUrl,
          sid,
          targets,
        ),
      );
      break;
  }
  return sid;
}
