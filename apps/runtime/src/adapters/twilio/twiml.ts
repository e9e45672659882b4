import twilio from "twilio";
import {
  ASSET_URL_SCHEME,
  ASTERISK_CALL_ID_HEADER,
  type CallCommand,
  type CallCommandOf,
  type PromptCommand,
} from "@ringflow/flow-schema";
import { runCommand, type CommandTable } from "../../calls/command-table.ts";
import { enqueueRedirect } from "./queue-twiml.ts";
import { twilioTranscribes } from "./recording-transcription.ts";
import { appendSsml } from "./ssml.ts";
import type { TwilioUrls } from "./urls.ts";

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayAttributes = Parameters<VoiceResponse["say"]>[0];
type GatherAttributes = NonNullable<Parameters<VoiceResponse["gather"]>[0]>;

export interface TwimlOptions {
  urls: TwilioUrls;
  /** A link the provider can fetch an uploaded audio file from (`asset:<id>` in a play command). */
  assetUrl?(assetId: string): string;
  /** Played while an HTTP request node waits on a slow service. */
  holdMusicUrl: string;
  /** The dialect's command table (a carrier speaking TwiML with differences); Twilio's by default. */
  commands?: CommandTable<Twiml>;
  /** A dialect without `<Client>` rings agents' browsers and softphones at this SIP address instead. */
  sipAddressOf?(identity: string): string;
  /** Our call's id (Call.id), handed to a browser or SIP phone a Transfer block rings, for its screen pop. */
  callId?: string;
}

/** Commands of one engine step -> the TwiML document answering the webhook. */
export function renderTwiml(commands: CallCommand[], options: TwimlOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  const table = options.commands ?? twimlCommands;
  for (const command of commands) runCommand(table, command, { response, options });
  return response.toString();
}

/** A fixed answer (no action URLs): something to say, then hang up. */
export function sayAndHangUp(text?: string, language = "en-US"): string {
  const response = new twilio.twiml.VoiceResponse();
  if (text) response.say({ language: language as SayAttributes["language"] }, text);
  response.hangup();
  return response.toString();
}

export const HANGUP_TWIML = sayAndHangUp();

export type Twiml = { response: VoiceResponse; options: TwimlOptions };

/** Every command as TwiML; the compiler checks that none is missing. */
export const twimlCommands: CommandTable<Twiml> = {
  say: (command, { response }) => say(response, command),
  play: (command, { response, options }) => play(response, command, options),
  gather: (command, { response, options }) => gather(response, command, options),
  dial: (command, { response, options }) => dial(response, command, options),
  enqueue: (command, { response, options }) => enqueueRedirect(response, command, options.urls),
  record: (command, { response, options }) => record(response, command, options),
  "recording.start": (command, { response, options }) => startRecording(response, command, options),
  // TwiML cannot stop a <Start><Recording>; the REST API does (the adapter queues it after the write).
  "recording.stop": () => {},
  "http.request": (command, { response, options }) => holdForHttp(response, command, options),
  // The adapter's sendSms sends it right after the write and the answer goes on from its outcome; only when
  // that process dies does Twilio follow this and learn that the text's fate is unknown.
  "sms.send": (command, { response, options }) =>
    void response.redirect({ method: "POST" }, options.urls.action("sms-wait", command.turn)),
  // Later commands carry their own language.
  "set-language": () => {},
  hangup: (_command, { response }) => void response.hangup(),
};

function sayAttributes(command: CallCommandOf<"say">): SayAttributes {
  return {
    language: command.language as SayAttributes["language"],
    ...(command.voice ? { voice: command.voice as SayAttributes["voice"] } : {}),
    ...(command.loop > 1 ? { loop: command.loop } : {}),
  };
}

/** Plain texts are escaped by the builder; SSML becomes the <Say>'s SSML children. */
function say(parent: Pick<VoiceResponse, "say">, command: CallCommandOf<"say">): void {
  if (!command.ssml) {
    parent.say(sayAttributes(command), command.text);
    return;
  }
  appendSsml(parent.say(sayAttributes(command), ""), command.text);
}

function play(
  parent: Pick<VoiceResponse, "play">,
  command: CallCommandOf<"play">,
  options: Pick<TwimlOptions, "assetUrl">,
): void {
  const asset = command.url.startsWith(ASSET_URL_SCHEME) ? command.url.slice(ASSET_URL_SCHEME.length) : null;
  const url = asset && options.assetUrl ? options.assetUrl(asset) : command.url;
  parent.play(command.loop > 1 ? { loop: command.loop } : {}, url);
}

function prompt(
  parent: Pick<VoiceResponse, "say" | "play">,
  command: PromptCommand,
  options: Pick<TwimlOptions, "assetUrl">,
): void {
  if (command.type === "say") say(parent, command);
  else play(parent, command, options);
}

function gather(
  response: VoiceResponse,
  command: CallCommandOf<"gather">,
  { urls, assetUrl }: TwimlOptions,
): void {
  const attributes: GatherAttributes = {
    input: command.input,
    action: urls.action("gather", command.turn),
    method: "POST",
    timeout: Math.round(command.timeoutSeconds),
    language: command.language as GatherAttributes["language"],
    actionOnEmptyResult: false,
  };
  if (command.numDigits !== undefined) attributes.numDigits = command.numDigits;
  if (command.finishOnKey !== undefined) attributes.finishOnKey = command.finishOnKey;
  if (command.hints?.length) attributes.hints = command.hints.join(",");
  if (command.input.includes("speech")) {
    // Without seconds of silence to wait, Twilio takes the answer at the caller's first pause.
    attributes.speechTimeout =
      command.speechTimeoutSeconds !== undefined ? String(command.speechTimeoutSeconds) : "auto";
    if (command.speechModel) attributes.speechModel = command.speechModel;
  }
  const element = response.gather(attributes);
  for (const p of command.prompts) prompt(element, p, { assetUrl });
  // Without input Twilio moves on to the next verb: that is the engine's timeout.
  response.redirect({ method: "POST" }, urls.action("gather", command.turn, { noInput: "1" }));
}

function dial(
  response: VoiceResponse,
  command: CallCommandOf<"dial">,
  { urls, sipAddressOf, callId }: TwimlOptions,
): void {
  const element = response.dial({
    action: urls.action("dial", command.turn),
    method: "POST",
    timeout: Math.round(command.timeoutSeconds),
    ...(command.callerId ? { callerId: command.callerId } : {}),
    ...(command.record
      ? { record: "record-from-answer-dual", recordingStatusCallback: urls.action("recording-status") }
      : {}),
  });
  const { type, value } = command.target;
  switch (type) {
    case "phone":
      element.number(value);
      return;
    case "sip":
      element.sip(sipWithCallId(value.startsWith("sip:") ? value : `sip:${value}`, callId));
      return;
    case "client":
    case "agent": {
      // An agent answers in the browser or softphone registered under their extension.
      if (sipAddressOf) {
        element.sip(sipWithCallId(sipAddressOf(value), callId));
        return;
      }
      // The Voice SDK hands <Parameter>s to the desktop as the call's custom parameters, as a queue's
      // `client:<id>?callId=` does: the desktop shows the call's screen pop by it.
      const client = element.client();
      client.identity(value);
      if (callId) client.parameter({ name: "callId", value: callId });
      return;
    }
  }
}

/**
 * A SIP address carrying our call's id as a custom header of the INVITE (Twilio passes `?x-…=` headers of a
 * <Sip> URI on; the same header the runtime sets on Asterisk), which the agent's SIP phone reads.
 */
export function sipWithCallId(address: string, callId: string | undefined): string {
  if (!callId) return address;
  const header = `${ASTERISK_CALL_ID_HEADER}=${encodeURIComponent(callId)}`;
  return `${address}${address.includes("?") ? "&" : "?"}${header}`;
}

function record(response: VoiceResponse, command: CallCommandOf<"record">, { urls }: TwimlOptions): void {
  response.record({
    action: urls.action("record", command.turn),
    method: "POST",
    maxLength: Math.round(command.maxLengthSeconds),
    playBeep: command.playBeep,
    ...(command.finishOnKey ? { finishOnKey: command.finishOnKey } : {}),
    // Twilio transcribes English only: a message in another language is transcribed by Ringflow's engine.
    ...(command.transcribe && twilioTranscribes(command.language)
      ? { transcribe: true, transcribeCallback: urls.action("transcription") }
      : {}),
    recordingStatusCallback: urls.action("recording-status", undefined, { kind: "voicemail" }),
  });
  // A silent caller records nothing and Twilio moves on without calling the action.
  response.redirect({ method: "POST" }, urls.action("record", command.turn, { empty: "1" }));
}

function startRecording(
  response: VoiceResponse,
  command: CallCommandOf<"recording.start">,
  { urls }: TwimlOptions,
): void {
  response.start().recording({
    channels: command.channels,
    recordingStatusCallback: urls.action("recording-status"),
    recordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
  });
}

/** The caller hears hold music while the request runs; Twilio then asks whether the answer is in. */
function holdForHttp(
  response: VoiceResponse,
  command: CallCommandOf<"http.request">,
  { urls, holdMusicUrl }: TwimlOptions,
): void {
  response.play({}, holdMusicUrl);
  response.redirect({ method: "POST" }, urls.action("http-wait", command.turn));
}
