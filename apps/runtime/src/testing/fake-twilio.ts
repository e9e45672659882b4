import { randomBytes } from "node:crypto";
import { signRequest } from "../adapters/twilio/signature.ts";
import { parseTwiml, type Verb } from "./twiml-parse.ts";

export interface FakeTwilioOptions {
  /** The runtime's public URL, the one Twilio signs with. */
  publicUrl: string;
  /** Where the runtime instances really listen; requests go to them in turn (one URL, several processes). */
  instances: string[];
  accountSid: string;
  authToken: string;
  /** A carrier speaking a TwiML dialect: its path prefix (`signalwire`), default `twilio`. */
  prefix?: string;
  /** Its signature headers for a request (the public URL, the form, the body as sent); Twilio's by default. */
  sign?: (url: string, params: Record<string, string>, body: string) => Record<string, string>;
  /** Fields the carrier adds to every webhook (Telnyx's ConnectionId). */
  extraParams?: Record<string, string>;
}

export interface Exchange {
  url: string;
  status: number;
  body: string;
}

/**
 * Plays Twilio against the real runtime over HTTP: posts signed webhooks with Twilio's parameters and follows
 * the TwiML it gets back, the way Twilio would (Gather action, Redirect, Dial action, Record action...).
 */
export class FakeTwilio {
  private next = 0;
  readonly log: Exchange[] = [];

  constructor(readonly options: FakeTwilioOptions) {}

  /** Signs with the public URL, sends to one of the instances. */
  async post(
    publicUrl: string,
    params: Record<string, string>,
    /** Left out: signed as the carrier signs; null: unsigned; a string: that X-Twilio-Signature. */
    signature?: string | null,
  ): Promise<Exchange> {
    const base = this.options.instances[this.next++ % this.options.instances.length] as string;
    const url = base + publicUrl.slice(this.options.publicUrl.length);
    const body = new URLSearchParams(params).toString();
    const signed: Record<string, string> =
      signature === undefined
        ? (this.options.sign?.(publicUrl, params, body) ?? {
            "x-twilio-signature": signRequest(this.options.authToken, publicUrl, params),
          })
        : signature === null
          ? {}
          : { "x-twilio-signature": signature };
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...signed },
      body,
    });
    const exchange = { url: publicUrl, status: response.status, body: await response.text() };
    this.log.push(exchange);
    return exchange;
  }

  /** `/twilio/status` on the public URL, under the carrier's prefix when it is not Twilio. */
  url(path: string): string {
    const prefix = this.options.prefix;
    return this.options.publicUrl + (prefix ? path.replace(/^\/twilio\//, `/${prefix}/`) : path);
  }

  /** A call arriving: posts the number's voice webhook. */
  async call(input: {
    from: string;
    to: string;
    fromState?: string;
    toState?: string;
    direction?: "inbound" | "outbound-api";
    callSid?: string;
  }): Promise<FakeCall> {
    const call = new FakeCall(this, {
      CallSid: input.callSid ?? `CA${randomBytes(16).toString("hex")}`,
      AccountSid: this.options.accountSid,
      From: input.from,
      To: input.to,
      Caller: input.from,
      Called: input.to,
      Direction: input.direction ?? "inbound",
      ApiVersion: "2010-04-01",
      ...this.options.extraParams,
      ...(input.fromState ? { FromState: input.fromState } : {}),
      ...(input.toState ? { ToState: input.toState } : {}),
    });
    await call.request(this.url("/twilio/voice"), {});
    return call;
  }
}

export class FakeCall {
  verbs: Verb[] = [];
  last: Exchange | undefined;
  private status = "in-progress";

  constructor(
    readonly twilio: FakeTwilio,
    readonly params: Record<string, string>,
  ) {}

  get callSid(): string {
    return this.params.CallSid as string;
  }

  /** Posts a webhook for this call and reads the TwiML answer. */
  async request(url: string, extra: Record<string, string>, signature?: string | null): Promise<Exchange> {
    const params = { ...this.params, CallStatus: this.status, ...extra };
    const exchange =
      signature === undefined
        ? await this.twilio.post(url, params)
        : await this.twilio.post(url, params, signature);
    this.last = exchange;
    this.verbs =
      exchange.status === 200 && exchange.body.startsWith("<?xml") ? parseTwiml(exchange.body) : [];
    return exchange;
  }

  /** What the caller hears: every <Say> text (inside <Gather> too) of the current answer. */
  spoken(): string[] {
    const texts: string[] = [];
    const walk = (verbs: Verb[]) => {
      for (const v of verbs) {
        if (v.name === "Say") texts.push(v.text);
        walk(v.children);
      }
    };
    walk(this.verbs);
    return texts;
  }

  verb(name: string): Verb {
    const found = this.verbs.find((v) => v.name === name);
    if (!found)
      throw new Error(`expected <${name}> in ${this.verbs.map((v) => v.name).join(", ") || this.last?.body}`);
    return found;
  }

  has(name: string): boolean {
    return this.verbs.some((v) => v.name === name);
  }

  /** Presses keys during the current <Gather>: Twilio posts its action with Digits. */
  press(digits: string): Promise<Exchange> {
    return this.request(this.verb("Gather").attributes.action as string, {
      Digits: digits,
      FinishedOnKey: "",
    });
  }

  /** Speaks during the current <Gather>. */
  speak(text: string, confidence = 0.92): Promise<Exchange> {
    return this.request(this.verb("Gather").attributes.action as string, {
      SpeechResult: text,
      Confidence: String(confidence),
    });
  }

  /** Says nothing: Twilio moves past <Gather> (or <Record>) and follows the next <Redirect>. */
  silence(): Promise<Exchange> {
    return this.redirect();
  }

  /** Follows hold music's redirects to /twilio/http-wait until the flow answers; returns how many polls it took. */
  async holdUntilAnswered(maxPolls = 20): Promise<number> {
    let polls = 0;
    while (polls < maxPolls && this.has("Redirect") && this.verb("Redirect").text.includes("/http-wait")) {
      await this.redirect();
      polls++;
    }
    return polls;
  }

  redirect(): Promise<Exchange> {
    return this.request(this.verb("Redirect").text, {});
  }

  /** The <Dial> ends: Twilio posts its action with DialCallStatus. */
  dialEnds(status: string, durationSeconds = 0): Promise<Exchange> {
    return this.request(this.verb("Dial").attributes.action as string, {
      DialCallStatus: status,
      DialCallDuration: String(durationSeconds),
      DialCallSid: `CA${randomBytes(16).toString("hex")}`,
    });
  }

  /** The caller records a message: Twilio posts the <Record> action. */
  recorded(recordingSid: string, durationSeconds: number): Promise<Exchange> {
    return this.request(this.verb("Record").attributes.action as string, {
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.params.AccountSid}/Recordings/${recordingSid}`,
      RecordingDuration: String(durationSeconds),
      Digits: "hangup",
    });
  }

  /** A status callback (Twilio sends them to the number's status callback URL, possibly late or out of order). */
  async statusCallback(status: string, durationSeconds?: number): Promise<Exchange> {
    this.status = status;
    return this.twilio.post(this.twilio.url("/twilio/status"), {
      ...this.params,
      CallStatus: status,
      ...(durationSeconds !== undefined ? { CallDuration: String(durationSeconds) } : {}),
      Timestamp: new Date().toUTCString(),
    });
  }
}
