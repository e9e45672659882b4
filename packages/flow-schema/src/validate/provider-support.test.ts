import { describe, expect, it } from "vitest";
import { buildFlow } from "../testing/index.ts";
import { providerSupportProblems } from "./provider-support.ts";

const flow = buildFlow({
  nodes: {
    start: ["start"],
    text: ["sendSms", { recipient: { type: "caller" }, body: "Hi" }],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "text"],
    ["text", "sent", "bye"],
    ["text", "failed", "bye"],
  ],
});

describe("provider support", () => {
  it("names the blocks a provider's adapter declares it cannot carry out, with its reason", () => {
    const problems = providerSupportProblems(flow, {
      label: "Asterisk",
      unsupported: { "sms.send": "this PBX has no messaging service" },
    });
    expect(problems).toEqual([
      {
        severity: "warning",
        code: "provider-unsupported",
        nodeId: "text",
        message:
          'Callers on Asterisk numbers cannot get past "Send a text": this PBX has no messaging service.',
      },
    ]);
    expect(providerSupportProblems(flow, { label: "Twilio", unsupported: {} })).toEqual([]);
  });
});
