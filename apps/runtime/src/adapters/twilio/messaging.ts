import type { Db } from "@ringflow/db";
import type { CallCommandOf } from "@ringflow/flow-schema";
import type { CallMeta } from "../../calls/call-record.ts";
import type { SmsOutcome } from "../../calls/call-adapter.ts";
import { twilioClientFor } from "./rest-client.ts";

/**
 * Texts through Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`), from the number
 * the call is on: the number called for an inbound call, the number calling for an outbound one.
 */
export class TwilioMessaging {
  constructor(
    private readonly db: Db,
    private readonly baseUrl: string,
  ) {}

  async send(command: CallCommandOf<"sms.send">, meta: CallMeta): Promise<SmsOutcome> {
    if (!meta.providerAccountId) return { status: "failed", error: "the call has no Twilio account" };
    const from = meta.direction === "INBOUND" ? meta.to : meta.from;
    const client = await twilioClientFor(this.db, meta.tenantId, meta.providerAccountId, this.baseUrl);
    try {
      const message = await client.messages.create({ to: command.to, from, body: command.body });
      return { status: "sent", messageId: message.sid };
    } catch (error) {
      // Twilio's own sentence (e.g. "The 'From' number … is not a valid, SMS-capable inbound phone number").
      return {
        status: "failed",
        error: (error as { message?: string }).message ?? "Twilio refused the message",
      };
    }
  }
}
