import type { ParamsInputOf } from "../../nodes/index.ts";
import type { SplitCondition } from "../../nodes/split.ts";
import { hasLiquid } from "../../template.ts";
import { regexProblem } from "../../tenant-regex.ts";
import { mapCondition } from "./conditions.ts";
import { identifier, readable, type Converted, type ImportContext, type Next } from "./context.ts";
import { prop, target, type StudioState } from "./definition.ts";
import { convertGather } from "./gather.ts";
import { dialStatusValue } from "./liquid.ts";
import { taskAttributeFields } from "./task-attributes.ts";

type Converter = (state: StudioState, ctx: ImportContext) => Converted | undefined;

const CONSENT_NOTE =
  "Ringflow records calls only with recording consent: add a Recording consent node before this one, or callers from all-party consent states (and unknown states) will not be recorded.";

/** One converter per Studio voice widget; other widget types become a marked hangup node. */
export const converters: Record<string, Converter> = {
  trigger(state, ctx) {
    for (const event of ["incomingMessage", "incomingConversationMessage", "incomingParent"]) {
      const next = target(state, event);
      if (next)
        ctx.issue(state, `The ${event} trigger (to "${next}") is not imported: Ringflow flows answer calls.`);
    }
    const inbound = target(state, "incomingCall");
    const outbound = target(state, "incomingRequest");
    const accepts = [
      ...(inbound || !outbound ? (["inbound"] as const) : []),
      ...(outbound ? (["outbound"] as const) : []),
    ];
    return {
      kind: "start",
      params: { accepts },
      ports: [
        ["inbound", inbound],
        ["outbound", outbound],
      ],
    };
  },

  "say-play"(state, ctx) {
    const loop = Math.min(10, Math.max(1, prop.number(state, "loop") ?? 1));
    if (prop.string(state, "digits"))
      ctx.issue(state, "Playing DTMF tones (digits) is not supported and was dropped.");
    const prompt = ctx.prompt(state);
    const ports: [string, string | undefined][] = [["next", target(state, "audioComplete")]];
    if (prompt?.type === "play") return { kind: "play", params: { audio: prompt, loop }, ports };
    if (prompt?.type === "say")
      return {
        kind: "say",
        params: {
          text: prompt.text,
          loop,
          ...(prompt.voice ? { voice: prompt.voice } : {}),
          ...(prompt.ssml ? { ssml: true } : {}),
        },
        ports,
      };
    ctx.issue(state, "The widget had nothing to say or play; it became a pass-through.");
    return passThrough(ports);
  },

  "gather-input-on-call": convertGather,

  "split-based-on"(state, ctx) {
    const input = prop.string(state, "input") ?? "";
    const conditions: SplitCondition[] = [];
    const ports: [string, string | undefined][] = [];
    state.transitions
      .filter((t) => t.event === "match")
      .forEach((t, i) => {
        const [c, ...more] = t.conditions ?? [];
        if (!c) return;
        const name = readable(c.friendly_name ?? "") || `condition ${i + 1}`;
        if (more.length > 0)
          ctx.issue(
            state,
            `"${name}" had ${more.length + 1} conditions that all had to hold; only the first was kept.`,
          );
        const subject = c.arguments?.[0] ?? input;
        const mapped = mapCondition(c, ctx.text(state, dialStatusValue(subject, c.value ?? "", ctx)));
        if (!mapped) {
          ctx.issue(
            state,
            `The "${c.type}" test of "${name}" is not supported; calls that matched it now take the No Match path.`,
          );
          return;
        }
        const unusable = mapped.operator === "matchesRegex" ? regexProblem(mapped.value) : null;
        if (unusable) ctx.issue(state, `"${name}": ${unusable}`);
        let id = identifier(name.replace(/\s+/g, "_"));
        while (conditions.some((existing) => existing.id === id)) id = `${id}_`;
        conditions.push({
          id,
          label: readable(c.friendly_name ?? ""),
          subject: ctx.text(state, subject),
          ignoreCase: false,
          ...mapped,
        });
        ports.push([id, t.next]);
      });
    ports.push(["else", target(state, "noMatch")]);
    return { kind: "split", params: { conditions }, ports };
  },

  "set-variables"(state, ctx) {
    const assignments = prop
      .keyValues(state, "variables")
      .map(({ key, value }) => ({ variable: ctx.variable(state, key), value: ctx.text(state, value) }));
    if (assignments.length === 0) return passThrough([["next", target(state, "next")]]);
    return { kind: "setVariables", params: { assignments }, ports: [["next", target(state, "next")]] };
  },

  "make-http-request"(state, ctx) {
    const method = (prop.string(state, "method") ?? "GET").toUpperCase();
    if (prop.boolean(state, "add_twilio_auth"))
      ctx.issue(
        state,
        "Twilio authentication is not added; put an Authorization header on the request if the service needs it.",
      );
    const parameters = prop
      .keyValues(state, "parameters")
      .map(({ key, value }) => ({ name: key, value: ctx.text(state, value) }));
    const url = ctx.text(state, prop.string(state, "url") ?? "");
    const json = (prop.string(state, "content_type") ?? "").startsWith("application/json");
    const body =
      method === "GET" || method === "DELETE"
        ? ({ type: "none" } as const)
        : json
          ? ({ type: "json", json: ctx.text(state, prop.string(state, "body") ?? "{}") } as const)
          : ({ type: "form", fields: parameters } as const);
    return {
      kind: "httpRequest",
      params: {
        method: method as "GET",
        url,
        // The engine encodes each value once rendered, as Studio does.
        ...(body.type === "none" && parameters.length ? { query: parameters } : {}),
        body,
      },
      ports: [
        ["success", target(state, "success")],
        ["error", target(state, "failed")],
      ],
    };
  },

  "run-function"(state, ctx) {
    const url = prop.string(state, "url");
    ctx.issue(
      state,
      url
        ? "Runs as an HTTP POST to the Function's URL; a protected Function will refuse it (Ringflow does not sign requests)."
        : "The Function has no URL; enter it on the HTTP request.",
    );
    return {
      kind: "httpRequest",
      params: {
        method: "POST",
        url: ctx.text(state, url ?? "https://example.com/function"),
        body: {
          type: "form",
          fields: prop
            .keyValues(state, "parameters")
            .map(({ key, value }) => ({ name: key, value: ctx.text(state, value) })),
        },
      },
      ports: [
        ["success", target(state, "success")],
        ["error", target(state, "fail")],
      ],
    };
  },

  "connect-call-to"(state, ctx) {
    const noun = prop.string(state, "noun") ?? "number";
    if (noun === "conference") return undefined;
    let value = ctx.text(
      state,
      (noun === "sip" ? prop.string(state, "sip_endpoint") : undefined) ?? prop.string(state, "to") ?? "",
    );
    if (noun === "number-multi") {
      value = value.split(",")[0]?.trim() ?? "";
      ctx.issue(state, `Ringing several numbers at once is not supported; only ${value} is dialled.`);
    }
    if (noun === "client")
      ctx.issue(
        state,
        "A Twilio Client identity became an agent extension; check it matches the agent's extension.",
      );
    const record = prop.boolean(state, "record") ?? false;
    if (record) ctx.issue(state, CONSENT_NOTE);
    if (target(state, "hangup"))
      ctx.issue(
        state,
        "The Caller Hung Up path was dropped: when the caller hangs up, the call simply ends.",
      );
    recordingCallback(state, ctx);
    const done = target(state, "callCompleted");
    const callerId = prop.string(state, "caller_id");
    return {
      kind: "transfer",
      params: {
        target: { type: noun === "sip" ? "sip" : noun === "client" ? "agent" : "phone", value },
        timeoutSeconds: prop.number(state, "timeout") ?? 30,
        record,
        ...(callerId ? { callerId: ctx.text(state, callerId) } : {}),
      },
      // Studio continues after the dialled call whatever its outcome.
      ports: [
        ["answered", done],
        ["noAnswer", done],
        ["busy", done],
        ["failed", done],
      ],
    };
  },

  "record-voicemail"(state, ctx) {
    const maxLength = prop.number(state, "max_length") ?? 3600;
    if (maxLength > 600)
      ctx.issue(state, `A maximum length of ${maxLength} s is above Ringflow's 600 s; 600 s is used.`);
    if (target(state, "hangup"))
      ctx.issue(state, "The Caller Hung Up path was dropped: the message is kept and the call ends.");
    const finish = prop.string(state, "finish_on_key");
    voicemailSettings(state, ctx);
    return {
      kind: "voicemail",
      params: {
        mailbox: state.name,
        maxLengthSeconds: Math.min(600, Math.max(1, maxLength)),
        transcribe: prop.boolean(state, "transcribe") ?? false,
        playBeep: prop.boolean(state, "play_beep") ?? true,
        finishOnKey: finish === undefined ? "#" : /^[0-9*#]$/.test(finish) ? finish : "",
      },
      ports: [
        ["recorded", target(state, "recordingComplete")],
        ["empty", target(state, "noAudio")],
      ],
    };
  },

  "send-message"(state, ctx) {
    return {
      kind: "sendSms",
      params: textParams(state, ctx),
      ports: [
        ["sent", target(state, "sent")],
        ["failed", target(state, "failed")],
      ],
    };
  },

  "send-and-wait-for-reply"(state, ctx) {
    const noReply = target(state, "timeout");
    const reply = target(state, "incomingMessage");
    const seconds = prop.number(state, "timeout") ?? 3600;
    // Ringflow sends texts but takes none in during a call: the reply never comes, so No Reply is taken at once.
    ctx.issue(
      state,
      `The text is sent, but Ringflow cannot receive the reply while the call goes on: instead of waiting up to ${seconds} s, the flow goes on at once by No Reply (${noReply ? `"${noReply}"` : "the call ends"}), as if the caller never answered. ${reply ? `Callers who reply never reach "${reply}", and` : "The"} the reply (inbound.Body) reads as empty.`,
    );
    return {
      kind: "sendSms",
      params: textParams(state, ctx),
      ports: [
        ["sent", noReply],
        ["failed", target(state, "deliveryFailure")],
      ],
    };
  },

  "record-call"(state, ctx): Converted {
    if (target(state, "failed"))
      ctx.issue(
        state,
        "The Failed path was dropped: recording problems do not change the call's path in Ringflow.",
      );
    const ports: [string, string | undefined][] = [["next", target(state, "success")]];
    recordingCallback(state, ctx);
    if (prop.boolean(state, "record_call") === false) return { kind: "stopRecording", params: {}, ports };
    ctx.issue(state, CONSENT_NOTE);
    return {
      kind: "startRecording",
      params: { channels: prop.string(state, "recording_channels") === "mono" ? "mono" : "dual" },
      ports,
    };
  },

  "enqueue-call"(state, ctx) {
    const queueName = prop.string(state, "queue_name");
    const workflow = prop.string(state, "workflow_sid");
    if (!queueName)
      ctx.issue(
        state,
        `The call went to TaskRouter workflow ${workflow ?? "(none)"}; enter the Ringflow queue to use.`,
      );
    if (prop.string(state, "wait_url"))
      ctx.issue(
        state,
        "The wait URL (TwiML) was not carried over; set hold music and announcements instead.",
      );
    return toQueue(state, queueName ?? workflow ?? "default", ctx, "task_attributes");
  },

  "send-to-flex"(state, ctx) {
    const workflow = prop.string(state, "workflow") ?? "default";
    ctx.issue(
      state,
      `The caller waits in Ringflow queue "${workflow}" (the Flex workflow's id): create that queue or enter yours.`,
    );
    return toQueue(state, workflow, ctx, "attributes");
  },

  "make-outgoing-call-v2"(state, ctx) {
    const to = prop.string(state, "to") ?? "";
    ctx.issue(
      state,
      `Ringflow places this call itself: start the flow with an outbound call from the API to ${to || "the contact"}; the flow goes on here once the call is answered. Busy, unanswered and failed calls never reach the flow, so those paths were dropped.`,
    );
    const detection = prop.string(state, "machine_detection");
    if (detection && detection.toLowerCase() !== "disable")
      ctx.issue(state, "Answering machines are not detected: a machine hears the flow as a person would.");
    return passThrough([["next", target(state, "answered")]]);
  },

  "fork-stream"(state, ctx) {
    const url = prop.string(state, "stream_url");
    ctx.issue(
      state,
      `The media stream${url ? ` to ${url}` : ""} is not ${prop.string(state, "stream_action") === "stop" ? "stopped" : "started"}: the caller hears no difference, but that service gets no audio.`,
    );
    return passThrough([["next", target(state, "next")]]);
  },

  "run-subflow"(state, ctx) {
    const flowSid = prop.string(state, "flow_sid") ?? "";
    ctx.issue(
      state,
      `Runs Studio flow ${flowSid || "(none)"}: import that flow into Ringflow too and choose it here.`,
    );
    return {
      kind: "subflow",
      params: {
        flowId: flowSid || "unknown",
        inputs: prop
          .keyValues(state, "parameters")
          .map(({ key, value }) => ({ variable: identifier(key), value: ctx.text(state, value) })),
      },
      ports: [
        ["completed", target(state, "completed")],
        ["failed", target(state, "failed")],
      ],
    };
  },
};

/** Send Message and Send & Wait For Reply: the text's recipient and body, with report lines for what is not sent. */
function textParams(state: StudioState, ctx: ImportContext): ParamsInputOf<"sendSms"> {
  const to = prop.string(state, "to") ?? "{{contact.channel.address}}";
  // On a voice call Studio's contact is the person on the call: the caller, or the called party outbound.
  const toContact = /^\{\{\s*(contact\.channel\.address|trigger\.call\.From)\s*\}\}$/.test(to.trim());
  const from = prop.string(state, "from");
  if (from && !/^\{\{\s*flow\.channel\.address\s*\}\}$/.test(from.trim()))
    ctx.issue(state, `The text is sent from the number the call is on, not from ${from}.`);
  if (prop.string(state, "media_url"))
    ctx.issue(state, "The picture (media URL) is not sent: the caller receives the text only.");
  return {
    recipient: toContact ? { type: "caller" } : { type: "number", number: ctx.text(state, to) },
    body: ctx.text(state, prop.string(state, "body") ?? ""),
  };
}

/** Twilio's <Record> ends after 5 s of silence and trims silence unless told otherwise; Ringflow uses both. */
const SILENCE_SECONDS = 5;

function voicemailSettings(state: StudioState, ctx: ImportContext): void {
  const silence = prop.number(state, "timeout");
  if (silence !== undefined && silence !== SILENCE_SECONDS)
    ctx.issue(
      state,
      silence > SILENCE_SECONDS
        ? `The message ends after ${SILENCE_SECONDS} s of silence instead of ${silence} s: callers who pause longer are cut off.`
        : `The message ends after ${SILENCE_SECONDS} s of silence instead of ${silence} s: callers wait a little longer before it ends.`,
    );
  if (prop.string(state, "trim") === "do-not-trim")
    ctx.issue(state, "Silence at the start and end of the message is trimmed; Studio kept it.");
  const callback = prop.string(state, "transcription_callback_url");
  if (callback)
    ctx.issue(
      state,
      `The transcript is stored with the message in Ringflow but not sent to ${callback}; callers hear no difference.`,
    );
}

function recordingCallback(state: StudioState, ctx: ImportContext): void {
  const callback = prop.string(state, "recording_status_callback");
  if (callback)
    ctx.issue(
      state,
      `Recording status is not sent to ${callback}: Ringflow stores the recording with the call. Callers hear no difference.`,
    );
}

/**
 * Enqueue Call and Send to Flex: the caller waits in a queue; every way of leaving but the agent is Overflow.
 * The task attributes (`attributes`: the property holding them) become what the agent sees.
 */
function toQueue(state: StudioState, queue: string, ctx: ImportContext, attributes: string): Converted {
  const failed = target(state, "failedToEnqueue");
  const failure = target(state, "callFailure");
  if (failed && failure && failed !== failure)
    ctx.issue(
      state,
      `Failed to Enqueue and Call Failure went to different widgets; both now go to "${failed}" (Overflow).`,
    );
  const timeout = prop.number(state, "timeout");
  return {
    kind: "enqueue",
    params: {
      queue: ctx.text(state, queue),
      ...queuePriority(state, ctx),
      ...(timeout ? { maxWaitSeconds: Math.min(7200, timeout) } : {}),
      ...taskAttributeFields(state, attributes, ctx),
    },
    ports: [
      ["bridged", target(state, "callComplete")],
      ["overflow", failed ?? failure],
    ],
  };
}

/**
 * Ringflow's priorities run 0..100; TaskRouter's are any non-negative integer. A priority Studio renders from
 * Liquid becomes the block's priority rule, over the same values.
 */
function queuePriority(state: StudioState, ctx: ImportContext): { priority: number; priorityFrom?: string } {
  const raw = prop.string(state, "priority");
  if (raw !== undefined && hasLiquid(raw)) {
    ctx.issue(
      state,
      "The priority comes from Liquid; callers wait at what it gives when that is 0 to 100, and at priority 0 otherwise (TaskRouter took any non-negative number).",
    );
    return { priority: 0, priorityFrom: ctx.text(state, raw) };
  }
  return { priority: fixedPriority(state, ctx) };
}

function fixedPriority(state: StudioState, ctx: ImportContext): number {
  const priority = Math.round(prop.number(state, "priority") ?? 0);
  const kept = Math.min(100, Math.max(0, priority));
  if (kept !== priority)
    ctx.issue(
      state,
      `Priority ${priority} is outside Ringflow's 0 to 100, so the caller waits at priority ${kept}: level with other priority-${kept} callers instead of ${priority > kept ? "ahead of" : "behind"} them.`,
    );
  return kept;
}

/** A split without conditions: always leaves by Else, so it does nothing but keep the widget's place. */
function passThrough(ports: [string, Next][]): Converted {
  return { kind: "split", params: { conditions: [] }, ports: [["else", ports[0]?.[1]]] };
}
