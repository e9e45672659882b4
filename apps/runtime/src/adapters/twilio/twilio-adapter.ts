import type { Logger } from "@ringflow/platform";
import type { CallAdapter, Segment } from "../../calls/call-adapter.ts";
import type { RuntimeQueues } from "../../jobs/queues.ts";
import type { TwilioMessaging } from "./messaging.ts";
import { signAssetLink } from "@ringflow/recordings";
import { HANGUP_TWIML, renderTwiml, type TwimlOptions } from "./twiml.ts";

/**
 * Twilio's side of the call core: the commands of a turn become one TwiML answer. A request node answered
 * inline leaves its hold-music command out; a call that ended without a hangup command gets one.
 */
export function twilioAdapter(
  twiml: TwimlOptions,
  queues: Pick<RuntimeQueues, "addTwilioRest"> | null,
  logger: Logger,
  /** Null for a carrier whose texts Ringflow does not send: the text block leaves by its error exit. */
  messaging: TwilioMessaging | null,
): CallAdapter<string> {
  return {
    ended: HANGUP_TWIML,
    ...(messaging ? { sendSms: (command, call) => messaging.send(command, call.meta) } : {}),
    render(segments: Segment[], meta): string {
      const commands = segments.flatMap((segment, index) =>
        index < segments.length - 1
          ? segment.commands.filter(
              (command) => command.type !== "http.request" && command.type !== "sms.send",
            )
          : segment.commands,
      );
      const last = segments[segments.length - 1];
      if (last?.state.status === "ended" && !commands.some((command) => command.type === "hangup"))
        commands.push({ type: "hangup" });
      // Uploaded audio is fetched from this runtime through a link signed for this call's tenant.
      return renderTwiml(commands, {
        ...twiml,
        callId: meta.callId,
        assetUrl: (assetId) => signAssetLink(twiml.urls.publicUrl, { tenantId: meta.tenantId, assetId }),
      });
    },
    afterCommit(segment, call) {
      if (!queues || !segment.commands.some((command) => command.type === "recording.stop")) return;
      const { tenantId, providerAccountId, providerCallId } = call.meta;
      if (!providerAccountId) return;
      queues
        .addTwilioRest({ kind: "stop-recording", tenantId, providerAccountId, callSid: providerCallId })
        .catch((error: unknown) => logger.error({ err: error }, "could not queue stop-recording"));
    },
  };
}
