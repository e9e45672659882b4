import { buildFlow, say } from "./build.ts";

/** The classic front door: greet, check opening hours, offer sales, support or the operator. */
export const mainMenuTemplate = () =>
  buildFlow({
    name: "Main menu",
    description:
      "Greets callers, routes by key press or voice during business hours, takes messages after hours.",
    nodes: [
      { id: "start", kind: "start", at: [0, 190] },
      { id: "hours", kind: "businessHours", at: [250, 190] },
      {
        id: "welcome",
        kind: "say",
        at: [500, 100],
        params: { text: { "en-US": "Thanks for calling {{flow.name}}." } },
      },
      {
        id: "mainMenu",
        kind: "menu",
        at: [750, 100],
        params: {
          prompt: say(
            "For sales, press 1 or say sales. For support, press 2 or say support. To speak to an operator, press 0.",
          ),
          input: ["dtmf", "speech"],
          options: [
            { id: "sales", label: "Sales", dtmf: "1", keywords: ["sales", "buy"] },
            { id: "support", label: "Support", dtmf: "2", keywords: ["support", "help"] },
            { id: "operator", label: "Operator", dtmf: "0", keywords: ["operator", "agent"] },
          ],
          noInputPrompt: say("Sorry, I didn't hear anything."),
          noMatchPrompt: say("Sorry, that's not one of the options."),
        },
      },
      { id: "salesQueue", kind: "enqueue", at: [1040, 0], params: { queue: "sales" } },
      {
        id: "supportQueue",
        kind: "enqueue",
        at: [1040, 160],
        params: { queue: "support", offerCallback: true },
      },
      {
        id: "operator",
        kind: "transfer",
        at: [1040, 320],
        params: { target: { type: "phone", value: "+14155550100" } },
      },
      { id: "afterHours", kind: "voicemail", at: [1330, 340], params: { mailbox: "after-hours" } },
      {
        id: "goodbye",
        kind: "say",
        at: [1620, 160],
        params: { text: { "en-US": "Thank you for calling. Goodbye." } },
      },
      { id: "end", kind: "hangup", at: [1880, 190] },
    ],
    edges: [
      ["start", "inbound", "hours"],
      ["hours", "open", "welcome"],
      ["hours", "closed", "afterHours"],
      ["hours", "holiday", "afterHours"],
      ["welcome", "next", "mainMenu"],
      ["mainMenu", "sales", "salesQueue"],
      ["mainMenu", "support", "supportQueue"],
      ["mainMenu", "operator", "operator"],
      ["mainMenu", "noInput", "operator"],
      ["mainMenu", "noMatch", "operator"],
      ["salesQueue", "bridged", "end"],
      ["salesQueue", "overflow", "afterHours"],
      ["salesQueue", "callback", "goodbye"],
      ["supportQueue", "bridged", "end"],
      ["supportQueue", "overflow", "afterHours"],
      ["supportQueue", "callback", "goodbye"],
      ["operator", "answered", "end"],
      ["operator", "noAnswer", "afterHours"],
      ["operator", "busy", "afterHours"],
      ["operator", "failed", "afterHours"],
      ["afterHours", "recorded", "goodbye"],
      ["afterHours", "empty", "goodbye"],
      ["goodbye", "next", "end"],
    ],
  });
