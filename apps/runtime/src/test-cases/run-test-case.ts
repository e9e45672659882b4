import {
  compareOutcome,
  outcomeOfMessages,
  type CallerInput,
  type CallOutcome,
  type SimulatorServerMessage,
  type TestCase,
  type TestCaseResult,
} from "@ringflow/flow-schema";
import type { CompiledFlow } from "../engine/index.ts";
import { SimulatorSession } from "../adapters/simulator/session.ts";
import { CaseHttp } from "./case-http.ts";

export interface PlayOptions {
  tenantId: string;
  flowId: string | null;
}

/** What the caller did, for a sentence about an input the call could not take. */
function didWhat(input: CallerInput): string {
  switch (input.type) {
    case "digits":
      return `pressed ${input.digits.split("").join(" ")}`;
    case "speech":
      return `said “${input.text}”`;
    case "noInput":
      return "stayed silent";
    case "dial":
      return `ended a transfer (${input.status})`;
    case "queue":
      return `left a queue (${input.status})`;
    case "record":
      return input.durationSeconds > 0 ? "left a message" : "left no message";
    case "hangup":
      return "hung up";
  }
}

const noLog = { append: async () => {} };
const quiet = { warn: () => {}, error: () => {} };

/**
 * Plays a test case as a test call: the same SimulatorSession (call session, engine, in-memory store) as the
 * builder's Test call, with the case's caller and clock, its inputs in order at their times and its HTTP
 * answers. Returns what the call did, and the inputs it could not take, in words. Nothing is logged.
 */
export async function playTestCase(
  flow: CompiledFlow,
  testCase: Pick<TestCase, "caller" | "clock" | "inputs" | "http">,
  options: PlayOptions,
): Promise<{ outcome: CallOutcome; problems: string[] }> {
  let now = Date.parse(testCase.clock.start);
  const messages: SimulatorServerMessage[] = [];
  let ended = false;
  let refused: string | null = null;
  const session = new SimulatorSession({
    flow,
    flowInfo: { flowId: options.flowId, version: "draft", flowVersionId: null },
    tenantId: options.tenantId,
    start: {
      type: "start",
      flow: { document: flow.document },
      caller: {
        from: testCase.caller.from,
        to: testCase.caller.to,
        direction: testCase.caller.direction,
        ...(testCase.caller.callerState ? { callerState: testCase.caller.callerState } : {}),
      },
      clock: testCase.clock.start,
      httpMocks: [],
    },
    callId: `SIMCASE${now.toString(36)}`,
    http: new CaseHttp(testCase.http),
    log: noLog,
    logger: quiet,
    send: (message) => {
      if (message.type === "error") refused = message.message;
      else messages.push(message);
      if (message.type === "ended") ended = true;
    },
    now: () => now,
  });
  await session.begin();
  const problems: string[] = [];
  if (refused) problems.push(`The call could not start: ${String(refused)}.`);
  for (const { at, input } of testCase.inputs) {
    if (ended) {
      // The carrier's hang-up after the flow itself ended is no difference.
      if (input.type !== "hangup")
        problems.push(`The caller ${didWhat(input)}, but the call had already ended.`);
      continue;
    }
    if (at) now = Math.max(now, Date.parse(at));
    refused = null;
    await session.handle(input);
    if (refused) problems.push(`The caller ${didWhat(input)}, but the flow was not waiting for that.`);
  }
  return { outcome: outcomeOfMessages(messages), problems };
}

/** Plays a case on a flow and compares the call with what the case expects. */
export async function runTestCase(
  flow: CompiledFlow,
  testCase: TestCase,
  options: PlayOptions,
): Promise<TestCaseResult> {
  const played = await playTestCase(flow, testCase, options);
  const result = compareOutcome(testCase, played.outcome, flow.document, played.problems);
  if (result.pass) return result;
  // Templates have a wall-clock budget that a cold process on a busy machine can overrun once: a failure is
  // reported only if the second play fails too (a real difference always does).
  const again = await playTestCase(flow, testCase, options);
  return compareOutcome(testCase, again.outcome, flow.document, again.problems);
}
