import type { SimulatorServerMessage } from "@ringflow/flow-schema";
import { maskText } from "@ringflow/platform";
import type { CallAdapter, Segment } from "../../calls/call-adapter.ts";
import type { Clock } from "../../calls/clock.ts";
import { runCommand, type CommandTable } from "../../calls/command-table.ts";
import type { CallState } from "../../engine/index.ts";

type Out = { messages: SimulatorServerMessage[]; nodeId: string | null };

/** Every command as what the builder's test call shows; waits and the end have messages of their own. */
export const simulatorCommands: CommandTable<Out> = {
  say: (command, { messages, nodeId }) => void messages.push({ ...command, nodeId }),
  play: (command, { messages, nodeId }) => void messages.push({ ...command, nodeId }),
  // The prompts play while the flow listens; the waiting message carries the rest.
  gather: (command, { messages, nodeId }) =>
    void messages.push(...command.prompts.map((p) => ({ ...p, nodeId }))),
  "recording.start": (command, { messages }) =>
    void messages.push({ type: "recording", action: "start", channels: command.channels }),
  "recording.stop": (_command, { messages }) => void messages.push({ type: "recording", action: "stop" }),
  "set-language": (command, { messages }) =>
    void messages.push({ type: "language", language: command.language }),
  "sms.send": (command, { messages, nodeId }) =>
    void messages.push({ type: "sms", nodeId, to: command.to, body: command.body }),
  dial: () => {},
  enqueue: () => {},
  record: () => {},
  "http.request": () => {},
  hangup: () => {},
};

/** The builder's side of the call core: the steps of a turn become the test call's messages, in order. */
export function simulatorAdapter(clock: Clock): CallAdapter<SimulatorServerMessage[]> {
  return {
    ended: [],
    // A test call never reaches a carrier: the text is shown in the test call and counts as sent.
    sendSms: async (command) => ({ status: "sent", messageId: `SM-test-${command.requestId}` }),
    render(segments) {
      const messages: SimulatorServerMessage[] = [];
      segments.forEach((segment, index) => {
        const http = httpMessage(segments[index - 1], segment);
        if (http) messages.push(http);
        segment.commands.forEach((command, i) =>
          runCommand(simulatorCommands, command, { messages, nodeId: segment.commandNodes[i] ?? null }),
        );
        messages.push({
          type: "trace",
          entries: segment.trace.map((e) => ({ ...e, reason: maskText(e.reason) })),
        });
        messages.push(stateMessage(segment.state, clock()));
        const last = segment.commands[segment.commands.length - 1];
        const waiting = segment.state.waiting;
        if (segment.state.status === "ended")
          messages.push({ type: "ended", reason: segment.state.endReason ?? "ended" });
        else if (waiting && last && last.type !== "say" && last.type !== "play")
          messages.push({
            type: "waiting",
            turn: segment.state.turn,
            for: waiting.for,
            nodeId: waiting.nodeId,
            command: last,
          });
      });
      return messages;
    },
  };
}

export function stateMessage(state: CallState, at: number): SimulatorServerMessage {
  return {
    type: "state",
    status: state.status,
    turn: state.turn,
    nodeId: state.frame.nodeId,
    flowId: state.frame.flowId,
    language: state.language,
    variables: state.frame.vars,
    consent: state.consent,
    recording: state.recording,
    clock: new Date(at).toISOString(),
  };
}

/** A request node's exchange, from the log notes: the request of one step, the outcome that starts the next. */
function httpMessage(before: Segment | undefined, segment: Segment): SimulatorServerMessage | null {
  const outcome = segment.notes.find((n) => n.type === "http.response" || n.type === "http.error");
  const request = before?.notes.find((n) => n.type === "http.request");
  if (!outcome || !request) return null;
  const req = request.data as {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: unknown;
  };
  const data = outcome.data as {
    status?: number;
    headers?: Record<string, string>;
    body?: unknown;
    message?: string;
    ms?: number;
    mocked?: boolean;
  };
  return {
    type: "http",
    nodeId: request.nodeId ?? null,
    mocked: !!data.mocked,
    request: {
      method: req.method,
      url: req.url,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    },
    response:
      outcome.type === "http.response"
        ? { status: data.status ?? 0, headers: data.headers ?? {}, body: data.body }
        : null,
    error: outcome.type === "http.error" ? (data.message ?? "") : null,
    ms: data.ms ?? 0,
  };
}
