import { describe, expect, it } from "vitest";
import { callbackTurn } from "./callback-dialog.ts";
import { spokenNumber } from "./callback-number.ts";

/** A workspace that calls North American numbers only (the outbound policy's check, in its simplest form). */
const ctx = {
  from: "+14155550123",
  to: "+14155550100",
  callable: async (entered: string) => {
    const digits = entered.replace(/\D/g, "");
    if (/^1\d{10}$/.test(digits)) return `+${digits}`;
    if (/^\d{10}$/.test(digits) && !entered.startsWith("+")) return `+1${digits}`;
    return null;
  },
};

describe("the callback's confirmation", () => {
  it("reads numbers back digit by digit in their groups, with the country code only when it differs", () => {
    expect(spokenNumber("+14155550123", "+14155550100")).toBe("4 1 5, 5 5 5, 0 1 2 3");
    expect(spokenNumber("+442071838750", "+14155550100")).toBe("plus 4 4, 2 0, 7 1 8 3, 8 7 5 0");
    // Called on an extension of the phone system: the number as its own country says it.
    expect(spokenNumber("+14155550123", "1001")).toBe("4 1 5, 5 5 5, 0 1 2 3");
  });

  it("goes from pressing 1 to a read-back, to another number, to booking; no answer keeps the caller waiting", async () => {
    const first = await callbackTurn({ at: "offer" }, "1", ctx);
    expect(first).toEqual({
      kind: "confirm",
      number: "+14155550123",
      say: [
        "We will call you back at 4 1 5, 5 5 5, 0 1 2 3. Press 1 to confirm, or 2 to enter another number.",
      ],
    });
    expect(await callbackTurn({ at: "offer" }, undefined, ctx)).toEqual({ kind: "wait" });
    expect(await callbackTurn({ at: "confirm", number: "+14155550123" }, undefined, ctx)).toEqual({
      kind: "wait",
    });
    expect(await callbackTurn({ at: "confirm", number: "+14155550123" }, "2", ctx)).toEqual({
      kind: "enter",
      say: ["Enter the number to call you back on, then press the pound key."],
    });
    expect(await callbackTurn({ at: "enter" }, "442071838750", ctx)).toMatchObject({
      kind: "enter",
      say: ["Sorry, we cannot call that number back.", expect.any(String)],
    });
    expect(await callbackTurn({ at: "enter" }, "6505550147", ctx)).toMatchObject({
      kind: "confirm",
      number: "+16505550147",
    });
    expect(await callbackTurn({ at: "confirm", number: "+16505550147" }, "1", ctx)).toEqual({
      kind: "book",
      number: "+16505550147",
    });
  });

  it("asks for a number at once when the caller's own line cannot be called back", async () => {
    expect(await callbackTurn({ at: "offer" }, "1", { ...ctx, from: "anonymous" })).toEqual({
      kind: "enter",
      say: [
        "We cannot call back the number you are calling from.",
        "Enter the number to call you back on, then press the pound key.",
      ],
    });
    // A number no longer callable when confirmed (the workspace's countries changed) is not booked.
    expect(await callbackTurn({ at: "confirm", number: "+442071838750" }, "1", ctx)).toMatchObject({
      kind: "enter",
    });
  });
});
