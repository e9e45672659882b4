import type { CallControlAction, CallControlReport } from "@ringflow/flow-schema";

/** What a request that was carried out did, in the agent's words; `who` is whom it rang. */
const DONE: Record<CallControlAction, (who: string) => string> = {
  hold: () => "The caller is on hold.",
  resume: () => "The caller is back with you.",
  mute: () => "Your microphone is muted.",
  unmute: () => "Your microphone is on again.",
  transfer: (who) => `Transferring the caller to ${who}…`,
  consult: (who) => `Calling ${who}. The caller is on hold meanwhile.`,
  "consult.complete": () => "The transfer is done: the caller is with the person you called.",
  "consult.return": () => "The caller is back with you.",
  "add-party": (who) => `${who} is joining the call.`,
  hangup: () => "You left the call.",
  monitor: () => "You joined the call.",
  "monitor.stop": () => "You left the call.",
  "recording.start": () => "Recording started.",
  "recording.stop": () => "Recording stopped.",
  "recording.pause": () => "Recording paused.",
  "recording.resume": () => "Recording resumed.",
};

/** One line for the desktop: what the agent's hold, transfer, consultation or recording request came to. */
export function controlOutcomeWords(report: CallControlReport): string {
  const who = report.targetName ?? "the person you called";
  const Who = who.charAt(0).toUpperCase() + who.slice(1);
  switch (report.result) {
    case "done":
      return report.action ? DONE[report.action](who) : "Done.";
    case "answered":
      return `${Who} answered and has the call now.`;
    case "not-answered":
      // A blind transfer's caller waits in line again (or goes on in the phone menu); the agent has left.
      if (report.action === "transfer")
        return `${Who} did not answer. The caller is waiting again (in line or in the phone menu), not with you.`;
      if (report.action === "add-party") return `${Who} did not answer and did not join the call.`;
      return `${Who} did not answer — the call is back with you.`;
    case "refused":
      if (report.refusal === "agent-unavailable" && report.targetName)
        return `${report.targetName} is not available right now (on another call, finishing one, away or signed out). Choose someone who is available.`;
      return report.message ?? "That could not be done on this call.";
  }
}
