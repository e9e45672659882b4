import { toJson, type Db } from "@ringflow/db";
import { wrapUpAnswersSchema } from "@ringflow/flow-schema";
import { prettifyError } from "zod";
import { apiError } from "../../errors.ts";
import type { UpdateCallInput } from "../../routers/desktop/update-call.schema.ts";
import { agentViewOfCall } from "./agent-view-of-call.ts";
import { callFor } from "./call-control.ts";
import type { DeskActor } from "./desk-actor.ts";

/**
 * Saves what the agent records about a call (during it or in wrap-up): disposition, notes, the agent view's
 * wrap-up answers, external references. The disposition and answers are checked against the agent view the
 * call came with; `finish` checks that every required question is answered and marks the wrap-up done.
 */
export async function updateCall(db: Db, actor: DeskActor, input: UpdateCallInput) {
  const { call } = await callFor(db, actor, input.callId);
  const row = await db.call.findFirstOrThrow({
    where: { id: call.id, tenantId: actor.tenantId },
    select: { id: true, flowVersionId: true, path: true, wrapUpAnswers: true, disposition: true },
  });
  const view = await agentViewOfCall(db, actor.tenantId, row);
  if (input.disposition !== undefined && input.disposition !== null && view?.dispositions.length) {
    const allowed = view.dispositions.map((d) => d.id);
    if (!allowed.includes(input.disposition))
      throw apiError(
        "BAD_REQUEST",
        `Choose one of this call's outcomes: ${view.dispositions.map((d) => d.label).join(", ")}.`,
      );
  }
  const answers = {
    ...((row.wrapUpAnswers as Record<string, unknown> | null) ?? {}),
    ...input.wrapUpAnswers,
  };
  if (input.wrapUpAnswers || input.finish) {
    const questions = wrapUpAnswersSchema(view?.wrapUp ?? []);
    const checked = (input.finish ? questions : questions.partial()).safeParse(answers);
    if (!checked.success)
      throw apiError("BAD_REQUEST", `Check the answers after the call: ${prettifyError(checked.error)}`);
  }
  const disposition = input.disposition === undefined ? row.disposition : input.disposition;
  if (input.finish && view?.dispositions.length && !disposition)
    throw apiError("BAD_REQUEST", "Choose the call's outcome before finishing.");
  return db.call.update({
    where: { id: call.id, tenantId: actor.tenantId },
    data: {
      ...(input.disposition !== undefined ? { disposition: input.disposition } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.wrapUpAnswers ? { wrapUpAnswers: toJson(answers) } : {}),
      ...(input.externalRefs ? { externalRefs: toJson(input.externalRefs) } : {}),
      ...(input.finish ? { wrappedUpAt: new Date() } : {}),
    },
    select: {
      id: true,
      disposition: true,
      notes: true,
      wrapUpAnswers: true,
      externalRefs: true,
      wrappedUpAt: true,
    },
  });
}
