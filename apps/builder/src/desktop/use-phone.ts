import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { errorMessage } from "../api/trpc.ts";
import { desktopApi } from "./desktop-api.ts";
import { sipSoftphone } from "./sip-softphone.ts";
import { createSoftphone, type Softphone, type SoftphoneCall } from "./softphone.ts";

export type PhoneStatus =
  { kind: "starting" } | { kind: "ready"; identity: string } | { kind: "unavailable"; reason: string };

/** The browser phone's legs by our call id (the runtime attaches it as `callId` when it rings the agent). */
class Legs {
  private legs = new Map<string, SoftphoneCall>();
  private listeners = new Set<() => void>();
  private version = 0;
  add(callId: string, leg: SoftphoneCall) {
    this.legs.set(callId, leg);
    leg.onEnded(() => {
      if (this.legs.get(callId) === leg) this.legs.delete(callId);
      this.changed();
    });
    this.changed();
  }
  get(callId: string) {
    return this.legs.get(callId);
  }
  private changed() {
    this.version += 1;
    this.listeners.forEach((l) => l());
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getVersion = () => this.version;
}

/**
 * The agent's browser phone: a Voice token from the API, the softphone registered with it, refreshed before
 * it expires; incoming legs are kept by call id so Answer on the screen pop answers the right one.
 */
export function usePhone(
  enabled: boolean,
  /** A leg that names no call of ours (a supervisor's listening leg): rejected unless this takes it. */
  onOtherLeg?: (leg: SoftphoneCall) => void,
) {
  const [status, setStatus] = useState<PhoneStatus>({ kind: "starting" });
  const phone = useRef<Softphone | null>(null);
  const otherLeg = useRef(onOtherLeg);
  otherLeg.current = onOtherLeg;
  const [legs] = useState(() => new Legs());
  useSyncExternalStore(legs.subscribe, legs.getVersion);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    void (async () => {
      try {
        // A workspace whose Asterisk has browser phones on: the phone registers there; else Twilio's.
        const sip = await desktopApi.sipPhone();
        const token = sip ? null : await desktopApi.voiceToken();
        const softphone = sip ? await sipSoftphone(sip) : await createSoftphone(token!.token);
        if (stopped) return softphone.stop();
        softphone.onIncoming((leg) => {
          const callId = leg.parameters.get("callId");
          if (callId) legs.add(callId, leg);
          else if (otherLeg.current) otherLeg.current(leg);
          else leg.reject();
        });
        if (token)
          softphone.onTokenWillExpire(() => {
            void desktopApi.voiceToken().then((next) => softphone.updateToken(next.token));
          });
        await softphone.start();
        phone.current = softphone;
        setStatus({ kind: "ready", identity: sip ? sip.uri : token!.identity });
      } catch (error) {
        if (!stopped) setStatus({ kind: "unavailable", reason: errorMessage(error) });
      }
    })();
    return () => {
      stopped = true;
      phone.current?.stop();
      phone.current = null;
    };
  }, [enabled, legs]);

  return {
    status,
    leg: (callId: string) => legs.get(callId),
    dial: (to: string, callerId: string) => {
      if (!phone.current) throw new Error("The browser phone is not ready.");
      return phone.current.call({ To: to, CallerId: callerId });
    },
  };
}
export type Phone = ReturnType<typeof usePhone>;
