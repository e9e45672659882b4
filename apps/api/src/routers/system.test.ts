import { afterAll, describe, expect, it } from "vitest";
import { createHarness } from "../testing/harness.ts";

describe("system.config", () => {
  const harness = createHarness({ runtimePublicUrl: "http://127.0.0.1:4123" });
  afterAll(() => harness.close());

  it("tells anyone, signed in or not, where the runtime is", async () => {
    expect(await harness.caller().system.config()).toEqual({ runtimeUrl: "http://127.0.0.1:4123" });
  });
});
