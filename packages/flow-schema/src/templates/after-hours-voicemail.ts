import { buildFlow, say } from "./build.ts";

/** Outside opening hours every caller hears a notice and can leave a transcribed message. */
export const afterHoursVoicemailTemplate = () =>
  buildFlow({
    name: "After-hours voicemail",
    description: "Open: forward to the front desk. Closed or holiday: a notice and a transcribed voicemail.",
    nodes: [
      { id: "start", kind: "start", at: [0, 160] },
      { id: "hours", kind: "businessHours", at: [250, 160] },
      {
        id: "frontDesk",
        kind: "transfer",
        at: [500, 30],
        params: { target: { type: "phone", value: "+14155550100" } },
      },
      {
        id: "closedNotice",
        kind: "say",
        at: [500, 270],
        params: { text: { "en-US": "Our office is closed right now." } },
      },
      {
        id: "voicemail",
        kind: "voicemail",
        at: [750, 240],
        params: {
          greeting: say("Please leave your name, number and message after the beep."),
          transcribe: true,
          mailbox: "after-hours",
        },
      },
      {
        id: "thanks",
        kind: "say",
        at: [1000, 240],
        params: { text: { "en-US": "Thank you. We will call you back. Goodbye." } },
      },
      { id: "end", kind: "hangup", at: [1250, 160] },
    ],
    edges: [
      ["start", "inbound", "hours"],
      ["hours", "open", "frontDesk"],
      ["hours", "closed", "closedNotice"],
      ["hours", "holiday", "closedNotice"],
      ["frontDesk", "answered", "end"],
      ["frontDesk", "noAnswer", "voicemail"],
      ["frontDesk", "busy", "voicemail"],
      ["frontDesk", "failed", "voicemail"],
      ["closedNotice", "next", "voicemail"],
      ["voicemail", "recorded", "thanks"],
      ["voicemail", "empty", "end"],
      ["thanks", "next", "end"],
    ],
  });
