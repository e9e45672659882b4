import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CALL_LOG_TYPES, describeCallLogEvent } from "./call-log.ts";

describe("execution-log contract", () => {
  it("is the README's table: every type the runtime writes is documented, and nothing else", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "../../../../README.md"), "utf8");
    const table = readme.slice(readme.indexOf("`CallEvent.type` and `data`"));
    const rows = table.split("\n\n")[1] ?? "";
    const documented = rows
      .split("\n")
      .slice(2)
      .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    expect(documented.sort()).toEqual([...CALL_LOG_TYPES].sort());
  });

  it("describes rows by their contract and falls back to the type for rows it does not know", () => {
    expect(
      describeCallLogEvent({
        type: "input",
        port: null,
        data: { event: "gather.result", at: 1, digits: "2" },
      }),
    ).toBe("Caller pressed 2");
    expect(
      describeCallLogEvent({
        type: "call.start",
        port: null,
        data: { from: "+1", to: "+2", direction: "inbound", callerState: null, test: true },
      }),
    ).toBe("Test call from +1 to +2");
    expect(
      describeCallLogEvent({
        type: "resume",
        port: "sales",
        data: { turn: 1, flowId: null, kind: "menu", reason: "caller pressed 1", variables: {} },
      }),
    ).toBe("caller pressed 1 → sales");
    expect(describeCallLogEvent({ type: "http.response", port: null, data: { status: "weird" } })).toBe(
      "http.response",
    );
    expect(describeCallLogEvent({ type: "something.new", port: null, data: {} })).toBe("something.new");
  });
});
