import { liveCallSchema } from "@ringflow/flow-schema";
import { describe, expect, it } from "vitest";
import { myCalls } from "./my-calls.ts";

const call = (callId: string, fields: Record<string, unknown>) => liveCallSchema.parse({ callId, ...fields });

describe("myCalls", () => {
  const calls = new Map(
    [
      call("ringsMe", { phase: "ringing", offeredTo: ["me", "other"] }),
      call("ringsOther", { phase: "ringing", offeredTo: ["other"] }),
      call("mine", { phase: "connected", agentId: "me", answeredAt: 5 }),
      call("endedMine", { phase: "ended", agentId: "me", answeredAt: 1, endedAt: 9 }),
      call("wrapped", { phase: "ended", agentId: "me", answeredAt: 1, endedAt: 8 }),
      call("missed", { phase: "ended", agentId: null, endedAt: 7 }),
    ].map((c) => [c.callId, c]),
  );

  it("sorts the agent's calls into ringing, connected and to wrap up", () => {
    const mine = myCalls({ calls }, "me", new Set(["wrapped"]));
    expect(mine.offered.map((c) => c.callId)).toEqual(["ringsMe"]);
    expect(mine.active?.callId).toBe("mine");
    expect(mine.toWrapUp.map((c) => c.callId)).toEqual(["endedMine"]);
  });

  it("puts a call the agent left (transferred, hung up) to wrap up while it goes on", () => {
    const mine = myCalls({ calls }, "me", new Set(["wrapped"]), new Set(["mine"]));
    expect(mine.active).toBeNull();
    expect(mine.toWrapUp.map((c) => c.callId)).toEqual(["endedMine", "mine"]);
  });

  it("gives someone who is not an agent no calls of their own", () => {
    expect(myCalls({ calls }, null, new Set())).toEqual({ offered: [], active: null, toWrapUp: [] });
  });
});
