import { describe, expect, it } from "vitest";
import { simulatorUrl, unreachableMessage } from "./runtime-url.ts";

describe("where the test call connects", () => {
  it("turns the runtime's address, as the API gives it, into the simulator socket's", () => {
    expect(simulatorUrl("http://127.0.0.1:4123")).toBe("ws://127.0.0.1:4123/simulator");
    expect(simulatorUrl("https://voice.example.com/base/")).toBe("wss://voice.example.com/base/simulator");
  });

  it("names the address it tried, in plain words", () => {
    const message = unreachableMessage("ws://127.0.0.1:4123/simulator");
    expect(message).toContain("127.0.0.1:4123");
    expect(message).not.toMatch(/runtime|websocket/i);
  });
});
