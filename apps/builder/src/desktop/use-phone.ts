import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { errorMessage } from "../api/trpc.ts";
import { desktopApi } from "./desktop-api.ts";
import { sipSoftphone } from "./sip-softphone.ts";
import { PhoneLegs } from "./phone-legs.ts";
import { createSoftphone, type Softphone, type SoftphoneCall } from "./softphone.ts";

export type PhoneStatus =
  { kind: "starting" } | { kind: "ready"; identity: string } | { kind: "unavailable"; reason: string };

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
  const [legs] = useState(() => new PhoneLegs());
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
        softphone.onIncoming((leg) => legs.incoming(leg, otherLeg.current));
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
    /** Legs of calls the feed does not show this agent: a flow's Transfer block rang them directly. */
    direct: (known: ReadonlySet<string>) => legs.direct(known),
    answer: (callId: string) => legs.answer(callId),
    /** The agent placed this call (click-to-call): its leg rings here and is answered. */
    placed: (callId: string) => legs.placedCall(callId),
    dial: (to: string, callerId: string) => {
      if (!phone.current) throw new Error("The browser phone is not ready.");
      return phone.current.call({ To: to, CallerId: callerId });
    },
  };
}
export type Phone = ReturnType<typeof usePhone>;
