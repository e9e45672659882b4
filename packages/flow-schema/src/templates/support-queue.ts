import { buildFlow } from "./build.ts";

/** A support line: consent to recording, a queue with a callback offer, voicemail on overflow. */
export const supportQueueTemplate = () =>
  buildFlow({
    name: "Support queue with callback",
    description:
      "Asks for recording consent, queues the caller for support and offers a callback when the wait is long.",
    nodes: [
      { id: "start", kind: "start", at: [0, 160] },
      { id: "consent", kind: "recordingConsent", at: [250, 160] },
      { id: "record", kind: "startRecording", at: [500, 50] },
      {
        id: "queue",
        kind: "enqueue",
        at: [750, 160],
        params: {
          queue: "support",
          announcePosition: true,
          announceWaitTime: true,
          offerCallback: true,
          maxWaitSeconds: 600,
        },
      },
      {
        id: "callbackConfirm",
        kind: "say",
        at: [1040, 30],
        params: { text: { "en-US": "We will call you back at {{call.from}}. Goodbye." } },
      },
      { id: "voicemail", kind: "voicemail", at: [1040, 290], params: { mailbox: "support" } },
      { id: "end", kind: "hangup", at: [1330, 160] },
    ],
    edges: [
      ["start", "inbound", "consent"],
      ["consent", "consented", "record"],
      ["consent", "declined", "queue"],
      ["record", "next", "queue"],
      ["queue", "bridged", "end"],
      ["queue", "overflow", "voicemail"],
      ["queue", "callback", "callbackConfirm"],
      ["callbackConfirm", "next", "end"],
      ["voicemail", "recorded", "end"],
      ["voicemail", "empty", "end"],
    ],
  });
