/**
 * `npm run bench`: 10,000 engine steps on a generated 2,001-node flow (menus, HTTP lookups mapped into
 * variables, splits, counters, collects, business hours). Prints the per-step median; not a test.
 * Target: a step under 20 µs.
 */
import type { CallEvent } from "@ringflow/flow-schema";
import { largeFlow } from "@ringflow/flow-schema/testing";
import { compileFlow } from "../compile.ts";
import type { CallState } from "../state.ts";
import { startCall, step } from "../step.ts";

const STEPS = 10_000;
const T0 = Date.UTC(2026, 2, 2, 15, 0, 0); // a Monday, 10:00 in New York: business hours are open

const compileStart = performance.now();
const flow = compileFlow(largeFlow(200));
const compileMs = performance.now() - compileStart;

/** What a caller and the adapters would send back to whatever the call waits for. */
function answer(state: CallState, n: number, at: number): CallEvent {
  const waiting = state.waiting;
  if (waiting?.for === "http") {
    const body = { customer: { tier: n % 3 ? "gold" : "silver" } };
    return {
      type: "http.response",
      turn: state.turn,
      at,
      requestId: waiting.requestId as string,
      status: 200,
      body,
    };
  }
  if (flow.nodes.get(waiting?.nodeId ?? "")?.kind === "collect")
    return { type: "gather.result", turn: state.turn, at, digits: "123456#" };
  if (n % 7 === 0) return { type: "gather.timeout", turn: state.turn, at };
  return { type: "gather.result", turn: state.turn, at, digits: n % 5 === 0 ? "2" : "1" };
}

/** Runs calls of `stepsPerCall` answers until `STEPS` steps are measured (after a warm-up); returns µs per step. */
function measure(stepsPerCall: number): { durations: number[]; calls: number; nodes: number } {
  const durations: number[] = [];
  let calls = 0;
  let nodes = 0;
  let count = 0;
  const warmUp = STEPS / 5;
  while (count < STEPS + warmUp) {
    let result = startCall(flow, {
      callId: `CA${calls++}`,
      direction: "inbound",
      from: "+14155550100",
      to: "+18005550199",
      at: T0,
      accountId: "acc_1",
    });
    for (
      let n = 1;
      n <= stepsPerCall && result.state.status === "waiting" && count < STEPS + warmUp;
      n++, count++
    ) {
      const event = answer(result.state, n, T0 + n * 1000);
      const start = performance.now();
      result = step(flow, result.state, event);
      const elapsed = performance.now() - start;
      if (count >= warmUp) {
        durations.push(elapsed * 1000);
        nodes += result.trace.length;
      }
    }
  }
  return { durations: durations.sort((a, b) => a - b), calls, nodes };
}

const pick = (sorted: number[], q: number) => (sorted[Math.floor(sorted.length * q)] as number).toFixed(1);

console.log(
  `flow: ${flow.nodes.size} nodes; compileFlow ${compileMs.toFixed(0)} ms (once per published version)`,
);
for (const stepsPerCall of [20, 200]) {
  const { durations, calls, nodes } = measure(stepsPerCall);
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  console.log(
    `${durations.length} steps, calls of ${stepsPerCall} steps (${calls} calls, ${(nodes / durations.length).toFixed(1)} nodes per step): ` +
      `median ${pick(durations, 0.5)} µs, p90 ${pick(durations, 0.9)} µs, p99 ${pick(durations, 0.99)} µs, mean ${mean.toFixed(1)} µs` +
      (stepsPerCall === 20 ? "   target < 20 µs" : ""),
  );
}
