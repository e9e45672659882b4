import { spokenNumber } from "./callback-number.ts";

/** Where a waiting caller is in confirming their callback: just pressed 1, confirming a number, typing one. */
export type CallbackStage = { at: "offer" } | { at: "confirm"; number: string } | { at: "enter" };

/**
 * What happens next: ask (a read-back answered with one digit, or a number typed and ended with the pound
 * key), book the callback on a number, or nothing (no answer: the caller goes on waiting in place).
 */
export type CallbackTurn =
  | { kind: "confirm"; number: string; say: string[] }
  | { kind: "enter"; say: string[] }
  | { kind: "book"; number: string }
  | { kind: "wait" };

export interface CallbackContext {
  /** The caller's own number and the number they called. */
  from: string;
  to: string;
  /** The number in E.164 when the workspace may call it back, else null (callableCallbackNumber). */
  callable(entered: string): Promise<string | null>;
}

const CANNOT_CALL_BACK = "Sorry, we cannot call that number back.";
const ENTER = "Enter the number to call you back on, then press the pound key.";

/**
 * The callback, as contact centers confirm it, one answer at a time and the same on every carrier: pressing 1
 * reads the caller's number back ("We will call you back at 4 1 5, 5 5 5, 0 1 2 3. Press 1 to confirm, or 2
 * to enter another number"); 1 books it, 2 lets them type another, checked like any number the workspace
 * calls, then read back too. A number is checked again when booked (the workspace's countries may change).
 */
export async function callbackTurn(
  stage: CallbackStage,
  digits: string | undefined,
  ctx: CallbackContext,
): Promise<CallbackTurn> {
  const confirm = (number: string): CallbackTurn => ({
    kind: "confirm",
    number,
    say: [
      `We will call you back at ${spokenNumber(number, ctx.to)}. Press 1 to confirm, or 2 to enter another number.`,
    ],
  });
  const enter = (before?: string): CallbackTurn => ({
    kind: "enter",
    say: before ? [before, ENTER] : [ENTER],
  });
  switch (stage.at) {
    case "offer": {
      if (digits !== "1") return { kind: "wait" };
      const own = await ctx.callable(ctx.from);
      return own ? confirm(own) : enter("We cannot call back the number you are calling from.");
    }
    case "confirm": {
      if (digits === "2") return enter();
      if (digits !== "1") return { kind: "wait" };
      const number = await ctx.callable(stage.number);
      return number ? { kind: "book", number } : enter(CANNOT_CALL_BACK);
    }
    case "enter": {
      if (!digits) return { kind: "wait" };
      const number = await ctx.callable(digits);
      return number ? confirm(number) : enter(CANNOT_CALL_BACK);
    }
  }
}
