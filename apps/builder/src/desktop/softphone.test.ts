import { Device } from "@twilio/voice-sdk";
import { describe, expect, it } from "vitest";
import { phoneSounds } from "./softphone.ts";

describe("the browser phone's sounds", () => {
  it("names every sound of the Voice SDK, each at the API's /phone-sounds on the page's own origin", () => {
    const sounds = phoneSounds("https://ringflow.example");
    expect(Object.keys(sounds).sort()).toEqual(Object.values(Device.SoundName).sort());
    expect(sounds.incoming).toBe("https://ringflow.example/phone-sounds/incoming.wav");
    expect(sounds.dtmfh).toBe("https://ringflow.example/phone-sounds/dtmfh.wav");
  });
});
