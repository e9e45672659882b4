import type { FlowDocument } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";

const languages = { default: "en-US", supported: ["en-US", "es-MX"] };
const say = (en: string, es = en) => ({ type: "say" as const, text: { "en-US": en, "es-MX": es } });

/** A subflow asking for a score from 1 to 5; its `score` comes back to the caller's flow. */
export function surveySubflow(): FlowDocument {
  return buildFlow({
    name: "Survey",
    languages,
    variables: [{ name: "score", type: "string", default: "" }],
    nodes: {
      start: ["start", { accepts: ["inbound", "outbound"] }],
      ask: [
        "collect",
        { prompt: say("Rate us from 1 to 5."), variable: "score", minLength: 1, maxLength: 1 },
      ],
      thanks: ["say", { text: { "en-US": "Thanks for rating us {{vars.score}}.", "es-MX": "Gracias." } }],
    },
    edges: [
      ["start", "inbound", "ask"],
      ["start", "outbound", "ask"],
      ["ask", "valid", "thanks"],
    ],
  });
}

/**
 * An IVR with every node kind: welcome, jingle, language, variables, business hours, recording consent, call
 * recording, a customer lookup, then a menu: 1 account number (collect, split, stop recording), 2 agent
 * (transfer), 3 queue, 4 voicemail, 5 survey (subflow), 6 a slow lookup, 9 goodbye.
 */
export function everyNodeIvr(options: {
  serviceUrl: string;
  surveyFlowId: string;
  open?: boolean;
}): FlowDocument {
  return buildFlow({
    name: "Acme main line",
    languages,
    variables: [
      { name: "caller", type: "string", default: "" },
      { name: "tier", type: "string", default: "none" },
      { name: "accountNumber", type: "string", default: "" },
      { name: "score", type: "string", default: "" },
    ],
    nodes: {
      start: ["start", { accepts: ["inbound", "outbound"] }],
      welcome: ["say", { text: { "en-US": "Welcome to Acme.", "es-MX": "Bienvenido a Acme." } }],
      jingle: ["play", { audio: { type: "play", url: "https://cdn.example.test/jingle.mp3" } }],
      lang: [
        "languageSelect",
        {
          prompt: say("For English, press 1. Para español, oprima 2."),
          choices: [
            { language: "en-US", dtmf: "1", keywords: ["english"] },
            { language: "es-MX", dtmf: "2", keywords: ["español"] },
          ],
        },
      ],
      remember: ["setVariables", { assignments: [{ variable: "caller", value: "{{call.from}}" }] }],
      hours: [
        "businessHours",
        {
          timeZone: "UTC",
          weekly:
            options.open === false
              ? []
              : [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], open: "00:00", close: "24:00" }],
        },
      ],
      consent: [
        "recordingConsent",
        {
          announcement: say(
            "This call may be recorded. Press 1 to agree.",
            "Esta llamada puede ser grabada. Oprima 1.",
          ),
          requirement: "always",
          askToAgree: true,
          agreeKey: "1",
        },
      ],
      record: ["startRecording", { channels: "dual" }],
      lookup: [
        "httpRequest",
        {
          method: "GET",
          url: `${options.serviceUrl}/customer?phone={{call.from | url_encode}}&api_key=k-123`,
          headers: [{ name: "Authorization", value: "Bearer secret-token-123" }],
          timeoutSeconds: 5,
          responseMapping: [{ variable: "tier", path: "tier" }],
        },
      ],
      sorry: [
        "say",
        { text: { "en-US": "We could not find your account.", "es-MX": "No encontramos su cuenta." } },
      ],
      menu: [
        "menu",
        {
          prompt: say(
            "For your account, press 1. For an agent, press 2 or say agent. Queue 3, message 4, survey 5, lookup 6, goodbye 9.",
          ),
          input: ["dtmf", "speech"],
          options: [
            { id: "account", dtmf: "1" },
            { id: "agent", dtmf: "2", keywords: ["agent"] },
            { id: "queue", dtmf: "3" },
            { id: "message", dtmf: "4" },
            { id: "survey", dtmf: "5" },
            { id: "slow", dtmf: "6" },
            { id: "tooSlow", dtmf: "7" },
            { id: "bye", dtmf: "9" },
          ],
        },
      ],
      account: [
        "collect",
        {
          prompt: say("Enter your account number, then press pound."),
          variable: "accountNumber",
          minLength: 4,
          maxLength: 8,
          finishOnKey: "#",
        },
      ],
      vip: [
        "split",
        {
          conditions: [{ id: "vip", subject: "{{vars.accountNumber}}", operator: "startsWith", value: "12" }],
        },
      ],
      stop: ["stopRecording", {}],
      transfer: ["transfer", { target: { type: "phone", value: "+14155550123" }, timeoutSeconds: 20 }],
      queue: ["enqueue", { queue: "support", maxWaitSeconds: 120, announcePosition: true }],
      message: ["voicemail", { greeting: say("Leave a message after the beep."), mailbox: "sales" }],
      survey: ["subflow", { flowId: options.surveyFlowId, outputs: [{ from: "score", to: "score" }] }],
      slow: [
        "httpRequest",
        {
          method: "GET",
          url: `${options.serviceUrl}/slow`,
          timeoutSeconds: 8,
          responseMapping: [{ variable: "tier", path: "tier" }],
        },
      ],
      tooSlow: ["httpRequest", { method: "GET", url: `${options.serviceUrl}/slow`, timeoutSeconds: 2 }],
      timedOut: ["say", { text: { "en-US": "Our systems are slow today. Goodbye.", "es-MX": "Adiós." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "welcome"],
      ["start", "outbound", "welcome"],
      ["welcome", "next", "jingle"],
      ["jingle", "next", "lang"],
      ["lang", "selected", "remember"],
      ["lang", "noSelection", "remember"],
      ["remember", "next", "hours"],
      ["hours", "open", "consent"],
      ["hours", "closed", "message"],
      ["hours", "holiday", "message"],
      ["consent", "consented", "record"],
      ["consent", "declined", "lookup"],
      ["record", "next", "lookup"],
      ["lookup", "success", "menu"],
      ["lookup", "error", "sorry"],
      ["sorry", "next", "menu"],
      ["menu", "account", "account"],
      ["menu", "agent", "transfer"],
      ["menu", "queue", "queue"],
      ["menu", "message", "message"],
      ["menu", "survey", "survey"],
      ["menu", "slow", "slow"],
      ["menu", "bye", "bye"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["account", "valid", "vip"],
      ["account", "noInput", "bye"],
      ["account", "invalid", "bye"],
      ["vip", "vip", "stop"],
      ["vip", "else", "bye"],
      ["stop", "next", "bye"],
      ["transfer", "answered", "bye"],
      ["transfer", "noAnswer", "message"],
      ["transfer", "busy", "message"],
      ["transfer", "failed", "bye"],
      ["queue", "bridged", "bye"],
      ["queue", "overflow", "message"],
      ["queue", "callback", "bye"],
      ["message", "recorded", "bye"],
      ["message", "empty", "bye"],
      ["survey", "completed", "bye"],
      ["survey", "failed", "bye"],
      ["slow", "success", "bye"],
      ["slow", "error", "bye"],
      ["menu", "tooSlow", "tooSlow"],
      ["tooSlow", "success", "bye"],
      ["tooSlow", "error", "timedOut"],
      ["timedOut", "next", "bye"],
    ],
  });
}
