import twilio from "twilio";

/**
 * A phone call as Twilio makes it, against the runtime: signed, form-encoded webhooks, following the TwiML's
 * Gather actions and Redirects, the caller answering each Gather in turn.
 */
export class TwilioCallDriver {
  constructor(
    private readonly runtimeBase: string,
    private readonly authToken: string,
  ) {}

  /** Posts a webhook exactly as Twilio does; TwiML for call webhooks, nothing for status callbacks. */
  async webhook(pathAndQuery: string, params: Record<string, string>): Promise<string> {
    const url = `${this.runtimeBase}${pathAndQuery}`;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(this.authToken, url, params),
      },
      body: new URLSearchParams(params),
    });
    const text = await response.text();
    if (![200, 204].includes(response.status)) throw new Error(`${pathAndQuery}: ${response.status} ${text}`);
    return text;
  }

  /** The URL Twilio would request next for this TwiML: a Gather's action, else a Redirect. */
  nextUrl(twiml: string): string | null {
    const found =
      /<Gather[^>]*action="([^"]+)"/.exec(twiml)?.[1] ??
      /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(twiml)?.[1];
    if (!found) return null;
    const url = new URL(found.replaceAll("&amp;", "&"), this.runtimeBase);
    return url.pathname + url.search;
  }

  /**
   * An inbound call from `from` to `to` on `accountSid`: the caller presses each of `digits` at the Gathers,
   * in order; the call completes after `seconds`. Returns every TwiML answer.
   */
  async call(call: {
    accountSid: string;
    callSid: string;
    from: string;
    to: string;
    digits: string[];
    seconds: number;
  }): Promise<string[]> {
    const params = {
      AccountSid: call.accountSid,
      CallSid: call.callSid,
      From: call.from,
      To: call.to,
      Direction: "inbound",
    };
    const answers = [await this.webhook("/twilio/voice", { ...params, CallStatus: "ringing" })];
    for (const digits of call.digits) {
      const next = this.nextUrl(answers.at(-1)!);
      if (!next) throw new Error(`nothing to press ${digits} into:\n${answers.at(-1)}`);
      answers.push(await this.webhook(next, { ...params, CallStatus: "in-progress", Digits: digits }));
    }
    await this.webhook("/twilio/status", {
      ...params,
      CallStatus: "completed",
      CallDuration: String(call.seconds),
    });
    return answers;
  }
}
