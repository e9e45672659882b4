import { buildFlow } from "@ringflow/flow-schema/testing";

/**
 * The benchmark's flow: a menu; 1 says "You chose sales." and asks again, 2 hangs up. A whole call presses
 * 1 then 2 (two gathers), so express-baseline.ts answers the same four webhooks with the same TwiML.
 */
export const benchFlow = buildFlow({
  name: "Bench menu",
  nodes: {
    start: ["start", { accepts: ["inbound"] }],
    menu: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "For sales, press 1. For support, press 2." } },
        options: [
          { id: "sales", dtmf: "1" },
          { id: "support", dtmf: "2" },
        ],
        retries: 0,
      },
    ],
    sales: ["say", { text: { "en-US": "You chose sales." } }],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "menu"],
    ["menu", "sales", "sales"],
    ["sales", "next", "menu"],
    ["menu", "support", "bye"],
    ["menu", "noInput", "bye"],
    ["menu", "noMatch", "bye"],
  ],
});

/** The digits of one whole call: sales (back to the menu), then support (hang up). */
export const WHOLE_CALL_DIGITS = ["1", "2"];
