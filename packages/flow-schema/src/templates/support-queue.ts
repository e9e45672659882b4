import { buildFlow } from "./build.ts";

/** A support line: consent to recording, a queue with a callback offer, voicemail on overflow. */
export const supportQueueTemplate = () =>
  buildFlow({
    name: "Support queue with callback",
    description: "Asks for recording consent, queues the caller for support and offers a callback when the wait is long.",
    nodes: [
      { id: "start", kind: "start", at: [0, 0] },
      { id: "consent", kind: "recordingConsent", at: [0, 140] },
      { id: "record", kind: "startRecording", at: [-250, 300] },
      {
        id: "queue",
        kind: "enqueue",
        at: [0, 460],
        params: { queue: "support", announcePosition: true, announceWaitTime: true, offerCallback: true, maxWaitSeconds: 600 },
      },
      { id: "callbackConfirm", kind: "say", at: [-300, 620], params: { text: { "en-US": "We will call you back at {{call.from}}. Goodbye." } } },
      { id: "voicemail", kind: "voicemail", at: [300, 620], params: { mailbox: "support" } },
      { id: "end", kind: "hangup", at: [0, 780] },
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
