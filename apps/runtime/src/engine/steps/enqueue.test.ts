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
});
