import { describe, expect, it } from "vitest";
import { callProviderLabel } from "./call-provider.ts";

describe("a call's provider in words", () => {
  it("names the phone company or PBX, and test calls as such", () => {
    expect(callProviderLabel({ provider: "TWILIO", test: false })).toBe("Twilio");
    expect(callProviderLabel({ provider: "ASTERISK", test: false })).toBe("Asterisk");
    expect(callProviderLabel({ provider: "SIMULATOR", test: true })).toBe("Test call");
    expect(callProviderLabel({ provider: "TWILIO", test: true })).toBe("Test call");
  });
});
