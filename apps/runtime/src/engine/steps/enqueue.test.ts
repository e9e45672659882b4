import { describe, expect, test } from "vitest";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

const enqueue = single("enqueue", {
  queue: "support-{{call.language}}",
  skills: ["billing", "spanish"],
  priority: 5,
  holdMusicUrl: "https://cdn.example.com/hold.mp3",
  maxWaitSeconds: 300,
  offerCallback: true,
});

describe("enqueue", () => {
  test("queues the caller and waits", () => {
    const call = testCall(enqueue);
    expect(call.commands).toEqual([
      {
        type: "enqueue",
        turn: 1,
        queue: "support-en-US",
        skills: ["billing", "spanish"],
        priority: 5,
        holdMusicUrl: "https://cdn.example.com/hold.mp3",
        maxWaitSeconds: 300,
        announcePosition: true,
        announceWaitTime: false,
        announceEverySeconds: 60,
        offerCallback: true,
        language: "en-US",
      },
    ]);
    expect(traceLines(call.trace)[1]).toBe("node enter: queued in support-en-US needing billing, spanish");
  });

  test.each(["bridged", "overflow", "callback"] as const)("%s leaves by its port", (status) => {
    const call = testCall(enqueue);
    call.send({ type: "enqueue.result", status, waitSeconds: 95 });
    expect(exitVia(call.commands)).toBe(`via ${status}`);
    expect(call.state.frame.nodes.node).toEqual({ status, waitSeconds: 95 });
  });

  test("a caller who hangs up in the queue ends the call without more commands", () => {
    const call = testCall(enqueue);
    call.send({ type: "enqueue.result", status: "hangup", waitSeconds: 12 });
    expect(call.commands).toEqual([]);
    expect(call.state).toMatchObject({
      status: "ended",
      endReason: "the caller hung up in the queue after 12 s",
    });
  });

  describe("priority from the caller's details", () => {
    const vip = (priorityFrom: string, tier: string, extra: Record<string, unknown> = {}) =>
      testCall(
        single("enqueue", { queue: "support", priority: 10, priorityFrom, ...extra }, {
          variables: [{ name: "tier", type: "string", default: tier }],
        }),
      );
    const rule = '{% if vars.tier == "gold" %}90{% else %}20{% endif %}';
    const enqueued = (call: ReturnType<typeof vip>) => call.commands.find((c) => c.type === "enqueue");

    test("a rule over a flow variable sets the caller's priority, and the log says which", () => {
      const gold = vip(rule, "gold");
      expect(enqueued(gold)).toMatchObject({ priority: 90 });
      expect(traceLines(gold.trace)[1]).toBe("node enter: queued in support at priority 90");
      expect(enqueued(vip(rule, "silver"))).toMatchObject({ priority: 20 });
      expect(enqueued(vip("  {{vars.tier}} ", "100"))).toMatchObject({ priority: 100 });
    });

    test.each([
      ["gold", '"gold"'],
      ["7.5", '"7.5"'],
      ["101", '"101"'],
      ["-3", '"-3"'],
      ["", "nothing"],
    ])("a rule that gives %j falls back to the fixed priority, logged", (tier, shown) => {
      const call = vip("{{vars.tier}}", tier);
      expect(enqueued(call)).toMatchObject({ priority: 10 });
      expect(call.state.status).toBe("waiting");
      expect(traceLines(call.trace)[1]).toBe(
        `node enter: queued in support at the fixed priority 10 (the priority rule gave ${shown}, not a whole number from 0 to 100)`,
      );
    });

    test("the preferred agent is rendered from its variable into the command; empty means none", () => {
      const call = vip("", "44", { preferredAgent: "{{vars.tier}}" });
      expect(enqueued(call)).toMatchObject({ priority: 10, preferredAgent: "44" });
      expect(traceLines(call.trace)[1]).toBe('node enter: queued in support, agent "44" first when free');
      expect(enqueued(vip("", " ", { preferredAgent: "{{vars.tier}}" }))).not.toHaveProperty("preferredAgent");
    });
  });
});
