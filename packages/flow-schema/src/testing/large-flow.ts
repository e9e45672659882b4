import type { FlowDocument } from "../graph.ts";
import { buildFlow, type FlowSpec } from "./build-flow.ts";

const ask = (text: string) => ({ type: "say" as const, text: { "en-US": text } });

/**
 * A realistic flow of `blocks` x 10 nodes + start: each block is a menu, a say that reads the menu's
 * digits, an HTTP lookup mapped into a variable, a split on it, a counter, a collect, business hours,
 * voicemail and a goodbye; blocks chain into each other and the last loops back to the first.
 * Valid (no errors), with Liquid in most nodes and no two nodes alike: the benchmark and load-test flow.
 */
export function largeFlow(blocks: number): FlowDocument {
  const nodes: FlowSpec["nodes"] = { start: ["start"] };
  const edges: NonNullable<FlowSpec["edges"]> = [["start", "inbound", "m0"]];
  for (let i = 0; i < blocks; i++) {
    const next = `m${(i + 1) % blocks}`;
    Object.assign(nodes, {
      [`m${i}`]: [
        "menu",
        {
          prompt: ask(`Menu ${i}: press 1 or 2.`),
          options: [
            { id: "a", dtmf: "1" },
            { id: "b", dtmf: "2", keywords: ["account"] },
          ],
        },
      ],
      [`s${i}`]: ["say", { text: { "en-US": `You chose {{nodes.m${i}.digits}} from {{call.from}}.` } }],
      [`r${i}`]: [
        "httpRequest",
        {
          url: `https://api.example.com/customers/{{call.from | url_encode}}?option={{nodes.m${i}.option}}`,
          headers: [{ name: "X-Account", value: "{{flow.accountId}}" }],
          responseMapping: [{ variable: "tier", path: "customer.tier" }],
        },
      ],
      [`p${i}`]: [
        "split",
        {
          conditions: [
            { id: "gold", subject: "{{vars.tier}}", operator: "equals", value: "gold" },
            {
              id: "failed",
              subject: `{{nodes.r${i}.status}}`,
              operator: "greaterThan",
              value: String(299 + (i % 100)),
            },
          ],
        },
      ],
      [`v${i}`]: [
        "setVariables",
        { assignments: [{ variable: "counter", value: `{{vars.counter | plus: ${i}}}` }] },
      ],
      [`c${i}`]: [
        "collect",
        {
          prompt: ask(`Enter your account number for line ${i}.`),
          variable: "accountNumber",
          minLength: 4,
          maxLength: 8,
          validation: "^\\d+$",
        },
      ],
      [`b${i}`]: [
        "businessHours",
        {
          timeZone: "America/New_York",
          weekly: [
            {
              days: ["mon", "tue", "wed", "thu", "fri"],
              open: `08:${String(i % 60).padStart(2, "0")}`,
              close: "20:00",
            },
          ],
        },
      ],
      [`vm${i}`]: ["voicemail", { mailbox: `box-${i}-{{vars.counter}}` }],
      [`h${i}`]: ["say", { text: { "en-US": `Goodbye from block ${i} after {{vars.counter}} steps.` } }],
      [`x${i}`]: ["hangup", { reason: `end of block ${i}` }],
    } satisfies FlowSpec["nodes"]);
    edges.push(
      [`m${i}`, "a", `s${i}`],
      [`m${i}`, "b", `c${i}`],
      [`m${i}`, "noInput", `h${i}`],
      [`m${i}`, "noMatch", `h${i}`],
      [`s${i}`, "next", `r${i}`],
      [`r${i}`, "success", `p${i}`],
      [`r${i}`, "error", `h${i}`],
      [`p${i}`, "gold", `v${i}`],
      [`p${i}`, "failed", `h${i}`],
      [`p${i}`, "else", `v${i}`],
      [`v${i}`, "next", `b${i}`],
      [`c${i}`, "valid", `b${i}`],
      [`c${i}`, "noInput", `h${i}`],
      [`c${i}`, "invalid", `h${i}`],
      [`b${i}`, "open", next],
      [`b${i}`, "closed", `vm${i}`],
      [`b${i}`, "holiday", `vm${i}`],
      [`vm${i}`, "recorded", next],
      [`vm${i}`, "empty", `h${i}`],
      [`h${i}`, "next", `x${i}`],
    );
  }
  return buildFlow({
    name: `Large flow (${blocks * 10 + 1} nodes)`,
    variables: [
      { name: "tier", type: "string", default: "basic" },
      { name: "counter", type: "number", default: 0 },
      { name: "accountNumber", type: "string", default: "" },
    ],
    nodes,
    edges,
  });
}
