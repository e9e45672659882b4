import { randomUUID } from "node:crypto";
import type { FlowDocument } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";

/** A lookup (a service that does not exist: only the recorded answer reaches the flow), a menu, a line. */
export const salesLine = (line: string): FlowDocument => {
  const doc = buildFlow({
    name: "Sales line",
    variables: [{ name: "tier", type: "string", default: "none" }],
    nodes: {
      start: ["start", { accepts: ["inbound"] }],
      lookup: [
        "httpRequest",
        {
          method: "GET",
          url: "https://crm.invalid/tier",
          responseMapping: [{ variable: "tier", path: "tier" }],
        },
      ],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "Press 1 for sales." } },
          options: [{ id: "sales", label: "Sales", dtmf: "1" }],
        },
      ],
      sales: ["say", { text: { "en-US": `${line} ({{vars.tier}})` } }],
      sorry: ["say", { text: { "en-US": "Sorry." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "lookup"],
      ["lookup", "success", "menu"],
      ["lookup", "error", "sorry"],
      ["menu", "sales", "sales"],
      ["menu", "noInput", "sorry"],
      ["menu", "noMatch", "sorry"],
      ["sales", "next", "bye"],
      ["sorry", "next", "bye"],
    ],
  });
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === "menu" ? { ...n, label: "Main menu" } : n)) };
};

/** What the runtime's log writer stores for a call that pressed 1 (the rows a real call leaves). */
export function loggedCall(tenantId: string, flowId: string, flowVersionId: string) {
  const t0 = Date.parse("2026-12-01T15:00:00.000Z");
  const at = (s: number) => new Date(t0 + s * 1000);
  const trace = (turn: number) => ({ turn, flowId: null, kind: null, reason: "", variables: {} });
  const events = [
    [
      "call.start",
      null,
      { from: "+15555550123", to: "+15555550199", direction: "inbound", callerState: "CA" },
      0,
    ],
    ["enter", "start", trace(0), 0],
    ["enter", "lookup", trace(0), 0],
    [
      "http.request",
      "lookup",
      { requestId: "r1", method: "GET", url: "https://crm.invalid/tier", headers: {}, timeoutSeconds: 10 },
      0,
    ],
    ["http.response", "lookup", { status: 200, headers: {}, body: { tier: "gold" }, ms: 40 }, 1],
    ["enter", "menu", trace(1), 1],
    ["wait", "menu", trace(1), 1],
    ["input", "menu", { event: "gather.result", turn: 1, at: t0 + 6000, digits: "1" }, 6],
    ["resume", "menu", trace(2), 6],
    ["enter", "sales", trace(2), 6],
    ["enter", "bye", trace(2), 6],
    ["end", "bye", { ...trace(2), reason: "the flow hung up" }, 6],
  ] as const;
  return {
    tenantId,
    provider: "TWILIO" as const,
    providerCallId: `CA${randomUUID().replaceAll("-", "")}`,
    flowId,
    flowVersionId,
    direction: "INBOUND" as const,
    fromNumber: "+15555550123",
    toNumber: "+15555550199",
    status: "COMPLETED" as const,
    startedAt: at(0),
    endedAt: at(7),
    events: {
      create: events.map(([type, nodeId, data, s], seq) => ({
        tenantId,
        seq,
        at: at(s),
        type: type as string,
        nodeId: nodeId as string | null,
        data,
      })),
    },
  };
}
