import { describe, expect, it } from "vitest";
import { readPhoneNumber, splitPhoneNumber } from "./phone-number.ts";

describe("readPhoneNumber", () => {
  it("reads a number in the chosen country, or with its own country code", () => {
    expect(readPhoneNumber("(415) 555-0100", "US")).toEqual({
      ok: true,
      e164: "+14155550100",
      country: "US",
    });
    expect(readPhoneNumber("020 7946 0000", "GB")).toMatchObject({ ok: true, e164: "+442079460000" });
    expect(readPhoneNumber("+44 20 7946 0000", "US")).toMatchObject({ ok: true, country: "GB" });
  });

  it("refuses words and short numbers in a sentence", () => {
    expect(readPhoneNumber("call john", "US")).toEqual({
      ok: false,
      message: "“call john” is not a phone number: type its digits, like 415 555 0100.",
    });
    expect(readPhoneNumber("555 01", "US")).toEqual({
      ok: false,
      message: "That is not a complete phone number in United States: it should look like 415 555 0100.",
    });
  });

  it("takes a number that could exist but warns when it is not one in use", () => {
    const read = readPhoneNumber("555 123 0000", "US");
    expect(read).toMatchObject({ ok: true, e164: "+15551230000" });
    expect(read.ok && read.warning).toMatch(/does not look like a number in use/);
  });

  it("splits a stored number back into country and digits", () => {
    expect(splitPhoneNumber("+442079460000", "US")).toEqual({ country: "GB", national: "020 7946 0000" });
    expect(splitPhoneNumber("", "US")).toEqual({ country: "US", national: "" });
  });
});
