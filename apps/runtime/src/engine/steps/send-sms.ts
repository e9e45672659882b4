import { NodeFailure } from "../context.ts";
import { fail, next, type StepDefinition } from "./types.ts";

/** A phone number a messaging API can take: a + and 8 to 15 digits once spaces and dashes are gone. */
const E164 = /^\+[1-9]\d{7,14}$/;

export const sendSmsStep: StepDefinition<"sendSms"> = {
  enter(ctx) {
    const p = ctx.params;
    // The person on the call: the caller inbound, the called party outbound.
    const raw =
      p.recipient.type === "caller"
        ? ctx.state.direction === "inbound"
          ? ctx.state.from
          : ctx.state.to
        : ctx.render(p.recipient.number ?? "");
    const to = raw.replace(/[\s().-]/g, "");
    if (!E164.test(to))
      throw new NodeFailure(
        p.recipient.type === "caller"
          ? `the caller's number (${raw || "unknown"}) cannot receive texts`
          : `"${raw}" is not a phone number with its country code`,
      );
    const body = ctx.render(p.body);
    if (!body.trim()) throw new NodeFailure("the message is empty once filled in");
    if (body.length > 1600)
      throw new NodeFailure(`the message is ${body.length} characters; a text can be at most 1600`);
    const requestId = `${ctx.state.callId}:sms:${ctx.turn}`;
    ctx.emit({ type: "sms.send", turn: ctx.turn, requestId, to, body });
    return { type: "wait", for: "sms", requestId, reason: `text to ${to}` };
  },
  resume(ctx, event) {
    if (event.type !== "sms.result") return fail(`unexpected ${event.type}`);
    ctx.setOutputs({ status: event.status, messageId: event.messageId ?? null, error: event.error ?? null });
    if (event.status === "failed")
      return fail(`the text was not sent: ${event.error ?? "the provider refused it"}`);
    return next("sent", `text sent${event.messageId ? ` (${event.messageId})` : ""}`);
  },
};
