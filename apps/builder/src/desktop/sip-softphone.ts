import type { RTCSession } from "jssip/lib/RTCSession";
import type { RTCSessionEvent } from "jssip/lib/UA";
import type { Softphone, SoftphoneCall } from "./softphone.ts";
import { CALLER_ID_HEADER, sipCallParameters, sipTarget, type SipPhoneConfig } from "./sip-phone.ts";

const AUDIO_ONLY = { audio: true, video: false } as const;

/** The caller's voice: the session's remote audio on an element of its own, removed when the call ends. */
function playRemoteAudio(session: RTCSession): () => void {
  const audio = document.createElement("audio");
  audio.autoplay = true;
  const attach = (connection: RTCPeerConnection) =>
    connection.addEventListener("track", (event) => {
      audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      void audio.play().catch(() => undefined);
    });
  if (session.connection) attach(session.connection as unknown as RTCPeerConnection);
  else
    session.on("peerconnection", ({ peerconnection }) =>
      attach(peerconnection as unknown as RTCPeerConnection),
    );
  return () => {
    audio.srcObject = null;
    audio.remove();
  };
}

function wrapSession(session: RTCSession, parameters: Map<string, string>, pcConfig: RTCConfiguration) {
  const stopAudio = playRemoteAudio(session);
  session.on("ended", stopAudio);
  session.on("failed", stopAudio);
  return {
    sid: null,
    parameters,
    accept: () => session.answer({ mediaConstraints: AUDIO_ONLY, pcConfig }),
    // 486 Busy Here: Asterisk reports the agent as busy, the queue rings someone else.
    reject: () => session.terminate({ status_code: 486 }),
    hangUp: () => session.terminate(),
    mute: (muted) => (muted ? session.mute({ audio: true }) : session.unmute({ audio: true })),
    sendDigits: (digits) => session.sendDTMF(digits),
    onEnded(listener) {
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        listener();
      };
      session.on("ended", once);
      session.on("failed", once);
    },
  } satisfies SoftphoneCall;
}

/**
 * The desktop's browser phone on Asterisk: JsSIP registered over WSS as the agent's PJSIP endpoint, with the
 * workspace's STUN/TURN servers. Loaded only when the desktop opens.
 */
export async function sipSoftphone(config: SipPhoneConfig): Promise<Softphone> {
  const { UA, WebSocketInterface } = await import("jssip");
  const ua = new UA({
    sockets: [new WebSocketInterface(config.wssUrl)],
    uri: config.uri,
    authorization_user: config.authorizationUser,
    password: config.password,
    display_name: config.displayName,
    register: true,
    session_timers: false,
  });
  const pcConfig: RTCConfiguration = { iceServers: config.iceServers };
  const incoming = new Set<(call: SoftphoneCall) => void>();
  ua.on("newRTCSession", (event: RTCSessionEvent) => {
    if (event.originator !== "remote") return;
    const call = wrapSession(
      event.session,
      sipCallParameters((name) => event.request.getHeader(name)),
      pcConfig,
    );
    incoming.forEach((listener) => listener(call));
  });
  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        ua.once("registered", () => resolve());
        ua.once("registrationFailed", (event) =>
          reject(
            new Error(`The phone system did not accept the browser phone (${event.cause ?? "no answer"}).`),
          ),
        );
        ua.start();
      }),
    onIncoming: (listener) => void incoming.add(listener),
    // JsSIP renews the registration itself; there is no token to refresh.
    onTokenWillExpire: () => undefined,
    updateToken: () => undefined,
    call: async (params) =>
      wrapSession(
        ua.call(sipTarget(params.To, config.uri), {
          mediaConstraints: AUDIO_ONLY,
          pcConfig,
          extraHeaders: [`${CALLER_ID_HEADER}: ${params.CallerId}`],
        }),
        new Map(),
        pcConfig,
      ),
    stop: () => ua.stop(),
  };
}
