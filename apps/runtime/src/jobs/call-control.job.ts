/**
 * Commands on live calls, asked for by the API (desktop, wallboard, API tokens) and carried out by the
 * call-control worker on the call's provider. The payload, queue name, job id and options are the shared
 * contract in @ringflow/flow-schema (the API adds the jobs); this is the runtime's side of it.
 */
export {
  CALL_CONTROL_JOB_OPTIONS,
  CALL_CONTROL_MAX_AGE_MS,
  CALL_CONTROL_QUEUE,
  callControlJobId,
  callControlJobSchema,
  callControlOutcomeSchema,
  type CallControlJob,
  type CallControlOutcome,
  type CallControlRefusal,
  type ParsedCallControlCommand,
  type ParsedCallControlJob,
} from "@ringflow/flow-schema";
