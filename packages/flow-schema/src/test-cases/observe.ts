import type { SimulatorServerMessage, SimulatorServerMessageOf } from "../simulator-protocol.ts";
import type { CallOutcome, HeardLine } from "./test-case.ts";

/** What a waiting call asks of the caller, in words ("to press a key"). */
export function askedText(waiting: SimulatorServerMessageOf<"waiting">): string | null {
  const command = waiting.command;
  switch (command.type) {
    case "gather": {
      const keys = command.numDigits === 1 ? "to press a key" : "to press keys";
      const dtmf = command.input.includes("dtmf");
      const speech = command.input.includes("speech");
      return dtmf && speech ? `${keys} or say something` : dtmf ? keys : "to say something";
    }
    case "dial":
      return `to wait while the call is transferred to ${command.target.value}`;
    case "enqueue":
      return `to wait in the queue “${command.queue}”`;
    case "record":
      return "to leave a message";
    default:
      return null;
  }
}

/** A test call's messages as what the call did: blocks entered, lines heard and asked, how it ended. */
export function outcomeOfMessages(messages: SimulatorServerMessage[]): CallOutcome {
  const path: string[] = [];
  const heard: HeardLine[] = [];
  let ending: string | null = null;
  let waiting: string | null = null;
  for (const message of messages)
    switch (message.type) {
      case "say":
        heard.push({ nodeId: message.nodeId, kind: "said", text: message.text });
        break;
      case "play":
        heard.push({ nodeId: message.nodeId, kind: "played", text: message.url });
        break;
      case "sms":
        heard.push({ nodeId: message.nodeId, kind: "texted", text: message.body });
        break;
      case "waiting": {
        const text = askedText(message);
        if (text) heard.push({ nodeId: message.nodeId, kind: "asked", text });
        waiting = text;
        break;
      }
      case "trace":
        for (const entry of message.entries)
          if (entry.type === "enter" && entry.nodeId) path.push(entry.nodeId);
        break;
      case "ended":
        ending = message.reason;
        break;
      default:
        break;
    }
  return { path, heard, ending: ending ?? `still waiting for the caller ${waiting ?? ""}`.trim(), names: {} };
}
