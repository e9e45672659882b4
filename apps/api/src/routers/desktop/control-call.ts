import { z } from "zod";
import {
  callControlCommandSchema,
  type CallControlAction,
  type CallControlCommand,
} from "@ringflow/flow-schema";
import { browserIdentityOf } from "../../services/desktop/desk-actor.ts";
import { requestCallControl } from "../../services/desktop/call-control.ts";
import { idSchema } from "../common.schema.ts";
import { deskProcedure } from "./desk-procedure.ts";

type Option = (typeof callControlCommandSchema.options)[number];
type OptionOf<A extends CallControlAction> = Extract<Option, { shape: { action: z.ZodLiteral<A> } }>;

/** The contract's schema of one action. */
function optionOf<A extends CallControlAction>(action: A): OptionOf<A> {
  const options: readonly Option[] = callControlCommandSchema.options;
  return options.find((o) => o.shape.action.value === action) as OptionOf<A>;
}

const callIdShape = { callId: idSchema };

/**
 * A procedure asking the runtime to carry out one action on a live call (see services/desktop/call-control);
 * its input is the contract's fields of the action plus the call.
 */
function control<S extends z.ZodType<{ callId: string }>>(action: ControlAction, input: S) {
  return deskProcedure.input(input).mutation(({ ctx, input: given }) => {
    const { callId, ...fields } = given as { callId: string };
    return requestCallControl(ctx.db, ctx.redis, ctx.desk, callId, {
      action,
      ...fields,
    } as CallControlCommand);
  });
}
type ControlAction = Exclude<CallControlAction, "monitor" | "monitor.stop">;

const monitorInput = z.object({
  callId: idSchema,
  mode: optionOf("monitor").shape.mode,
  endpoint: optionOf("monitor").shape.endpoint.optional(),
});

/** Listen, whisper or barge, from the supervisor's browser phone unless another endpoint is given. */
const monitor = deskProcedure.input(monitorInput).mutation(async ({ ctx, input }) =>
  requestCallControl(ctx.db, ctx.redis, ctx.desk, input.callId, {
    action: "monitor",
    mode: input.mode,
    supervisorUserId: ctx.desk.userId,
    endpoint: input.endpoint ?? { kind: "twilio-client", address: await browserIdentityOf(ctx.db, ctx.desk) },
  }),
);

const stopMonitor = deskProcedure.input(z.object({ callId: idSchema })).mutation(({ ctx, input }) =>
  requestCallControl(ctx.db, ctx.redis, ctx.desk, input.callId, {
    action: "monitor.stop",
    supervisorUserId: ctx.desk.userId,
  }),
);

/** Every live-call action the desktop and the wallboard have, by procedure name. */
export const callControlProcedures = {
  hold: control("hold", optionOf("hold").omit({ action: true }).extend(callIdShape)),
  resume: control("resume", optionOf("resume").omit({ action: true }).extend(callIdShape)),
  mute: control("mute", optionOf("mute").omit({ action: true }).extend(callIdShape)),
  unmute: control("unmute", optionOf("unmute").omit({ action: true }).extend(callIdShape)),
  transfer: control("transfer", optionOf("transfer").omit({ action: true }).extend(callIdShape)),
  consult: control("consult", optionOf("consult").omit({ action: true }).extend(callIdShape)),
  completeConsult: control("consult.complete", z.object(callIdShape)),
  returnConsult: control("consult.return", z.object(callIdShape)),
  addParty: control("add-party", optionOf("add-party").omit({ action: true }).extend(callIdShape)),
  hangUp: control("hangup", optionOf("hangup").omit({ action: true }).extend(callIdShape)),
  monitor,
  stopMonitor,
  startRecording: control("recording.start", z.object(callIdShape)),
  pauseRecording: control("recording.pause", z.object(callIdShape)),
  resumeRecording: control("recording.resume", z.object(callIdShape)),
};
