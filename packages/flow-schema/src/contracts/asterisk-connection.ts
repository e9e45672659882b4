import * as z from "zod";

/**
 * The state of one tenant's Asterisk (ARI) connection, written by the runtime process that holds the
 * connection's lease and read by the API to show it: Redis hash `ari:connection:<providerAccountId>` (under the
 * deployment's key prefix), field `state`, this JSON.
 */
export const ASTERISK_CONNECTION_FIELD = "state";
export const asteriskConnectionKey = (providerAccountId: string) => `ari:connection:${providerAccountId}`;

export const asteriskConnectionStateSchema = z.object({
  state: z.enum(["connected", "reconnecting", "refused"]),
  /** When it entered this state. */
  since: z.iso.datetime(),
  /** Why it is reconnecting or refused, in plain words for the account's owner. */
  reason: z.string().max(500).optional(),
  /** The runtime process that holds the connection. */
  owner: z.string().max(200).optional(),
  /** Channels in the Stasis application as last counted. */
  channels: z.number().int().nonnegative().optional(),
});
export type AsteriskConnectionState = z.infer<typeof asteriskConnectionStateSchema>;

/**
 * The SIP header naming our call on an agent's ringing leg (the runtime sets it through PJSIP_HEADER when it
 * originates the leg); the desktop's browser phone reads it, as the Twilio client reads its `callId` parameter.
 */
export const ASTERISK_CALL_ID_HEADER = "X-Ringflow-Call-Id";
