import type { LiveCall, WebhookEvent } from "@ringflow/flow-schema";
import type { FeedMessage } from "../../realtime/feed-store.ts";

const callData = (call: LiveCall) => ({
  callId: call.callId,
  direction: call.direction,
  from: call.from,
  to: call.to,
  flowId: call.flowId,
});

/** The webhooks a feed message starts: a call started, a call ended (builder test calls send none). */
export function callWebhookEvents({ event }: FeedMessage): WebhookEvent[] {
  if (event.type !== "call.state-changed" && event.type !== "call.ended") return [];
  const { call, tenantId, at } = event;
  if (call.test) return [];
  const occurredAt = new Date(at).toISOString();
  if (event.type === "call.state-changed")
    return event.cause === "call.started"
      ? [
          {
            type: "call.started",
            id: `call.started-${call.callId}`,
            tenantId,
            occurredAt,
            data: callData(call),
          },
        ]
      : [];
  return [
    {
      type: "call.ended",
      id: `call.ended-${call.callId}`,
      tenantId,
      occurredAt,
      data: {
        ...callData(call),
        reason: call.endReason ?? "ended",
        durationSeconds: call.startedAt === null ? null : Math.max(0, (at - call.startedAt) / 1000),
        queueId: call.queueId,
        agentId: call.agentId,
        // Filled in by the webhook worker after the agent's wrap-up.
        disposition: null,
      },
    },
  ];
}
