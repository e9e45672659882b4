import { buildFlow } from "@ringflow/flow-schema/testing";

/**
 * Business hours (New York, weekdays 9-17), then a customer lookup at `url`, then a one-option menu that
 * says the tier and `goodbye`: the test call's and the test cases' flow.
 */
export const hoursLineFlow = (url: string, goodbye = "Goodbye.") =>
  buildFlow({
    name: "Hours line",
    variables: [{ name: "tier", type: "string", default: "none" }],
    nodes: {
      start: ["start", { accepts: ["inbound"] }],
      hours: [
        "businessHours",
        {
          timeZone: "America/New_York",
          weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "17:00" }],
        },
      ],
      closed: ["say", { text: { "en-US": "We are closed." } }],
      lookup: [
        "httpRequest",
        {
          method: "GET",
          url: `${url}/customer?phone={{call.from | url_encode}}`,
          headers: [{ name: "X-Api-Key", value: "k-1" }],
          responseMapping: [{ variable: "tier", path: "tier" }],
        },
      ],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "Press 1 to hear your tier." } },
          options: [{ id: "tier", dtmf: "1" }],
        },
      ],
      tell: ["say", { text: { "en-US": `Your tier is {{vars.tier}}. ${goodbye}` } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "hours"],
      ["hours", "open", "lookup"],
      ["hours", "closed", "closed"],
      ["hours", "holiday", "closed"],
      ["closed", "next", "bye"],
      ["lookup", "success", "menu"],
      ["lookup", "error", "closed"],
      ["menu", "tier", "tell"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["tell", "next", "bye"],
    ],
  });
