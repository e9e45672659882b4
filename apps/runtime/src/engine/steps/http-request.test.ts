import { describe, expect, test } from "vitest";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

const variables = [
  { name: "tier", type: "string" as const, default: "basic" },
  { name: "balance", type: "number" as const, default: 0 },
];

const lookup = (overrides = {}) =>
  single(
    "httpRequest",
    {
      method: "POST",
      url: "https://crm.example.com/lookup?account={{flow.accountId}}",
      headers: [{ name: "Authorization", value: "Bearer abc" }],
      body: { type: "json", json: `{"phone":"{{call.from}}"}` },
      timeoutSeconds: 8,
      responseMapping: [
        { variable: "tier", path: "customer.tier" },
        { variable: "balance", path: "accounts[0].balance" },
        { variable: "tier", path: "customer.missing" },
      ],
      ...overrides,
    },
    { variables },
  );

describe("httpRequest", () => {
  test("issues the request with a deterministic id and waits; the adapter performs it", () => {
    const call = testCall(lookup(), { call: { accountId: "acc_1" } });
    expect(call.commands).toEqual([
      {
        type: "http.request",
        turn: 1,
        requestId: "CA1:1",
        method: "POST",
        url: "https://crm.example.com/lookup?account=acc_1",
        headers: { Authorization: "Bearer abc", "Content-Type": "application/json" },
        body: `{"phone":"+14155550100"}`,
        timeoutSeconds: 8,
      },
    ]);
    expect(call.state.waiting).toEqual({
      nodeId: "node",
      for: "http",
      requestId: "CA1:1",
      since: call.state.startedAt,
    });
  });

  test("success maps response fields into variables and notes what was missing", () => {
    const call = testCall(lookup());
    call.send({
      type: "http.response",
      requestId: "CA1:1",
      status: 200,
      body: JSON.stringify({ customer: { tier: "gold" }, accounts: [{ balance: 12.5 }] }),
    });
    expect(exitVia(call.commands)).toBe("via success");
    expect(call.state.frame.vars).toEqual({ tier: "gold", balance: 12.5 });
    expect(call.state.frame.nodes.node).toMatchObject({
      status: 200,
      body: { customer: { tier: "gold" } },
      error: null,
    });
    expect(traceLines(call.trace)[0]).toBe(
      "node resume -> success: HTTP 200; not in the response: customer.missing",
    );
  });

  test("a 5xx response leaves by the error port", () => {
    const call = testCall(lookup());
    call.send({ type: "http.response", requestId: "CA1:1", status: 503, body: "busy" });
    expect(exitVia(call.commands)).toBe("via error");
    expect(call.trace[0]).toMatchObject({
      type: "error",
      port: "error",
      reason: "failed: the service answered HTTP 503",
    });
    expect(call.state.frame.nodes.node).toMatchObject({ status: 503, body: "busy" });
  });

  test("a timeout leaves by the error port with the reason", () => {
    const call = testCall(lookup());
    call.send({ type: "http.error", requestId: "CA1:1", message: "ETIMEDOUT", timedOut: true });
    expect(exitVia(call.commands)).toBe("via error");
    expect(call.trace[0]?.reason).toBe("failed: the request timed out after 8 s");
    expect(call.state.lastError).toEqual({ nodeId: "node", message: "the request timed out after 8 s" });
  });

  test("a response for another request id is an unexpected event: error handling", () => {
    const call = testCall(lookup());
    call.send({ type: "http.response", requestId: "CA1:9", status: 200, body: "{}" });
    expect(exitVia(call.commands)).toBe("via error");
    expect(call.trace[0]?.reason).toBe("failed: unexpected http.response while waiting for http (CA1:1)");
  });

  test("form bodies are URL-encoded; GET without a body", () => {
    const form = testCall(
      lookup({
        body: {
          type: "form",
          fields: [
            { name: "from", value: "{{call.from}}" },
            { name: "x", value: "a b" },
          ],
        },
      }),
    );
    expect(form.commands[0]).toMatchObject({
      body: "from=%2B14155550100&x=a+b",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const own = testCall(lookup({ headers: [{ name: "content-type", value: "application/vnd.api+json" }] }));
    expect(own.commands[0]).toMatchObject({ headers: { "content-type": "application/vnd.api+json" } });
    expect(own.commands[0]).not.toHaveProperty("headers.Content-Type");
    const get = testCall(lookup({ method: "GET", body: { type: "none" }, headers: [] }));
    expect(get.commands[0]).not.toHaveProperty("body");
  });

  test("a JSON body that is not JSON once rendered fails before any request is made", () => {
    const call = testCall(lookup({ body: { type: "json", json: "{ phone: {{call.from}} }" } }));
    expect(exitVia(call.commands)).toBe("via error");
    expect(call.commands.some((c) => c.type === "http.request")).toBe(false);
  });

  test("query parameters are URL-encoded once filled in: a + number, spaces and & arrive as they were", () => {
    const call = testCall(
      lookup({
        method: "GET",
        url: "https://crm.example.com/search?source=ivr#top",
        body: { type: "none" },
        headers: [],
        query: [
          { name: "phone", value: "{{call.from}}" },
          { name: "q", value: "{{vars.tier}} & more" },
          { name: "a b", value: "50%" },
        ],
      }),
    );
    expect(call.commands[0]).toMatchObject({
      url: "https://crm.example.com/search?source=ivr&phone=%2B14155550100&q=basic%20%26%20more&a%20b=50%25#top",
    });
    const bare = testCall(
      lookup({ url: "https://crm.example.com/search", query: [{ name: "from", value: "{{call.from}}" }] }),
    );
    expect(bare.commands[0]).toMatchObject({ url: "https://crm.example.com/search?from=%2B14155550100" });
    expect(new URL((bare.commands[0] as { url: string }).url).searchParams.get("from")).toBe("+14155550100");
  });
});
