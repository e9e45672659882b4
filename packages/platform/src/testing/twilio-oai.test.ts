import { describe, expect, it } from "vitest";
import { twilioRequestProblems } from "./twilio-oai.ts";

describe("Twilio API description check", () => {
  it("accepts a conforming request and names what does not conform", () => {
    const path = "/2010-04-01/Accounts/AC123/Calls/CA123/Recordings/Twilio.CURRENT.json";
    expect(twilioRequestProblems("POST", path, "Status=stopped")).toEqual([]);
    expect(twilioRequestProblems("POST", path, "Status=halted")).toEqual([
      expect.stringMatching(/Status=halted is not one of/),
    ]);
    expect(twilioRequestProblems("POST", path, "")).toEqual(["Status is required"]);
    expect(twilioRequestProblems("PUT", path, "Status=stopped")).toEqual([
      expect.stringMatching(/not allowed/),
    ]);
    expect(twilioRequestProblems("POST", "/2010-04-01/Nope.json", "")).toEqual([
      expect.stringMatching(/not a path/),
    ]);
  });
});
