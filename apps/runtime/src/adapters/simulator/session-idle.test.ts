import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorSessions } from "../../testing/simulator-sessions.ts";

// Read once by @ringflow/access, at the first session: sessions in this file go idle after 6 s.
process.env.SESSION_IDLE_MINUTES = "0.1";

let world: Awaited<ReturnType<typeof startSimulatorSessions>>;

beforeAll(async () => {
  world = await startSimulatorSessions();
});
afterAll(() => world.close());

describe("simulator socket and the session's idle limit", () => {
  it("closes with 4401 when the session runs out of idle time", { timeout: 30_000 }, async () => {
    const designer = await world.member("DESIGNER");
    const { closed } = await world.open(designer.cookie);
    const end = await closed;
    expect(end).toMatchObject({ code: 4401, reason: "session expired" });
    expect(end.afterMs).toBeGreaterThan(4000);
  });
});
