import { buildFlow } from "@ringflow/flow-schema/testing";

/** A Say block in English. */
export const say = (text: string): ["say", { text: Record<string, string> }] => [
  "say",
  { text: { "en-US": text } },
];

/** The words each prompt of the Asterisk test line says. */
export const LINE = {
  welcome: "Welcome to Acme.",
  menu: "For sales press 1. For support press 2.",
  account: "Enter your account number, then press pound.",
  thanks: "Thank you, account {{vars.account}}.",
  connecting: "Connecting you to sales.",
  greeting: "Sales is busy. Leave a message after the beep.",
  saved: "Your message is saved.",
  failed: "We could not reach sales.",
  goodbye: "Goodbye.",
} as const;

/**
 * The Asterisk adapter's test line: a welcome, a two-option menu (1 sales: a transfer to `salesTarget`
 * recorded, falling back to voicemail; 2 support: an account number ending with #), no input twice: goodbye.
 */
export const asteriskLine = (salesTarget: string) =>
  buildFlow({
    name: "Asterisk line",
    variables: [{ name: "account", type: "string", default: "" }],
    nodes: {
      start: ["start", { accepts: ["inbound", "outbound"] }],
      welcome: say(LINE.welcome),
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": LINE.menu } },
          options: [
            { id: "sales", label: "Sales", dtmf: "1" },
            { id: "support", label: "Support", dtmf: "2" },
          ],
          timeoutSeconds: 1,
          retries: 1,
        },
      ],
      account: [
        "collect",
        {
          prompt: { type: "say", text: { "en-US": LINE.account } },
          variable: "account",
          minLength: 1,
          maxLength: 8,
          finishOnKey: "#",
          timeoutSeconds: 2,
          retries: 0,
        },
      ],
      thanks: say(LINE.thanks),
      connecting: say(LINE.connecting),
      transfer: [
        "transfer",
        { target: { type: "agent", value: salesTarget }, timeoutSeconds: 5, record: false },
      ],
      voicemail: [
        "voicemail",
        {
          greeting: { type: "say", text: { "en-US": LINE.greeting } },
          mailbox: "sales",
          maxLengthSeconds: 30,
          playBeep: true,
          finishOnKey: "#",
        },
      ],
      saved: say(LINE.saved),
      failed: say(LINE.failed),
      goodbye: say(LINE.goodbye),
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "welcome"],
      ["start", "outbound", "welcome"],
      ["welcome", "next", "menu"],
      ["menu", "sales", "connecting"],
      ["menu", "support", "account"],
      ["menu", "noInput", "goodbye"],
      ["menu", "noMatch", "goodbye"],
      ["account", "valid", "thanks"],
      ["account", "noInput", "goodbye"],
      ["account", "invalid", "goodbye"],
      ["thanks", "next", "bye"],
      ["connecting", "next", "transfer"],
      ["transfer", "answered", "bye"],
      ["transfer", "noAnswer", "voicemail"],
      ["transfer", "busy", "voicemail"],
      ["transfer", "failed", "failed"],
      ["voicemail", "recorded", "saved"],
      ["voicemail", "empty", "goodbye"],
      ["saved", "next", "bye"],
      ["failed", "next", "bye"],
      ["goodbye", "next", "bye"],
    ],
  });
