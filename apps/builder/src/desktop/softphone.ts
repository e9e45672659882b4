import type { Call as VoiceCall, Device } from "@twilio/voice-sdk";
import { PHONE_SOUND_NAMES, phoneSoundPath } from "@ringflow/flow-schema";

/**
 * The browser as the agent's phone, behind the few things the desktop needs from it. The product uses
 * Twilio's Voice SDK Device; browser tests put their own `Softphone` at `window.ringflowSoftphone` (this
 * interface is the only thing they replace: everything behind the desktop is real).
 */
export interface SoftphoneCall {
  /** Twilio's CallSid of the agent's leg, once known. */
  readonly sid: string | null;
  /** What the runtime attached when it rang the agent (`callId`: our call's id). */
  readonly parameters: ReadonlyMap<string, string>;
  accept(): void;
  reject(): void;
  hangUp(): void;
  mute(muted: boolean): void;
  sendDigits(digits: string): void;
  /** The leg ended (hung up, cancelled by the caller, rejected): called once. */
  onEnded(listener: () => void): void;
}

export interface Softphone {
  /** Registers with the phone service so calls can ring here. */
  start(): Promise<void>;
  onIncoming(listener: (call: SoftphoneCall) => void): void;
  /** The token is about to expire: give a fresh one with `updateToken`. */
  onTokenWillExpire(listener: () => void): void;
  updateToken(token: string): void;
  /** An outgoing call (click-to-call); the runtime's TwiML App reads `To` and `CallerId`. */
  call(params: { To: string; CallerId: string }): Promise<SoftphoneCall>;
  stop(): void;
}

export type SoftphoneFactory = (token: string) => Softphone | Promise<Softphone>;

declare global {
  interface Window {
    ringflowSoftphone?: SoftphoneFactory;
  }
}

/** A Voice SDK 2.x call as the desktop sees it: its custom parameters (`callId`) are what the runtime attached. */
export function wrapCall(call: VoiceCall): SoftphoneCall {
  return {
    get sid() {
      return call.parameters.CallSid ?? null;
    },
    parameters: call.customParameters,
    accept: () => call.accept(),
    reject: () => call.reject(),
    hangUp: () => call.disconnect(),
    mute: (muted) => call.mute(muted),
    sendDigits: (digits) => call.sendDigits(digits),
    onEnded(listener) {
      let done = false;
      const once = () => {
        if (!done) listener();
        done = true;
      };
      call.on("disconnect", once);
      call.on("cancel", once);
      call.on("reject", once);
      call.on("error", once);
    },
  };
}

/** The Device's tones from the API (`/phone-sounds`), not Twilio's sound host: the page's CSP allows only ours. */
export function phoneSounds(origin: string): Partial<Record<Device.SoundName, string>> {
  return Object.fromEntries(
    PHONE_SOUND_NAMES.map((name) => [name, new URL(phoneSoundPath(name), origin).href]),
  );
}

/** Twilio's Device, loaded only when the desktop opens (it is large). */
async function twilioSoftphone(token: string): Promise<Softphone> {
  const { Device } = await import("@twilio/voice-sdk");
  const device = new Device(token, {
    closeProtection: true,
    codecPreferences: ["opus", "pcmu"] as never,
    sounds: phoneSounds(window.location.origin),
  });
  // The desktop's own Ringer rings for a call (with the screen pop); the Device ringing too would double it.
  device.audio?.incoming(false);
  return {
    start: () => device.register(),
    onIncoming: (listener) => device.on("incoming", (call: VoiceCall) => listener(wrapCall(call))),
    onTokenWillExpire: (listener) => device.on("tokenWillExpire", listener),
    updateToken: (next) => device.updateToken(next),
    call: async (params) => wrapCall(await device.connect({ params })),
    stop: () => device.destroy(),
  };
}

export function createSoftphone(token: string): Promise<Softphone> {
  return Promise.resolve((window.ringflowSoftphone ?? twilioSoftphone)(token));
}
