/** The action URLs the runtime puts in its TwiML: absolute, on the public base URL Twilio signs with. */
export type TwilioEndpoint =
  | "voice"
  | "gather"
  | "dial"
  | "enqueue"
  | "queue-wait"
  | "queue-leg"
  | "queue-join"
  | "control-leg"
  | "record"
  | "http-wait"
  | "sms-wait"
  | "status"
  | "recording-status"
  | "transcription";

export class TwilioUrls {
  /** `prefix`: the carrier's path (`twilio`, `signalwire`, `telnyx`); its webhooks and actions live under it. */
  constructor(
    readonly publicUrl: string,
    readonly prefix = "twilio",
  ) {}

  /** `/twilio/gather?turn=3&noInput=1`: the turn lets a replayed or late action be recognised. */
  action(endpoint: TwilioEndpoint, turn?: number, extra: Record<string, string> = {}): string {
    const query = new URLSearchParams(turn === undefined ? extra : { turn: String(turn), ...extra });
    const q = query.toString();
    return `${this.publicUrl}/${this.prefix}/${endpoint}${q ? `?${q}` : ""}`;
  }
}
