import type { Redis } from "@ringflow/platform";
import type { Db } from "@ringflow/db";
import { requestCallControl, callFor } from "./call-control.ts";
import type { DeskActor } from "./desk-actor.ts";

/** Where the desktop's own consent rows come from (the flow's are named by their Recording consent block). */
export const DESKTOP_CONSENT_NODE = "desktop";

/**
 * What the desktop may do about recording a call: whether the caller's latest word on consent allows it
 * (declined or withdrawn: no), and whether a recording of the call is being made now.
 */
export async function recordingStateOf(db: Db, actor: DeskActor, callId: string) {
  const { call } = await callFor(db, actor, callId);
  const [consent, recording] = await Promise.all([
    db.consentRecord.findFirst({
      where: { tenantId: actor.tenantId, callId: call.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { granted: true, nodeId: true },
    }),
    db.recording.findFirst({
      where: {
        tenantId: actor.tenantId,
        callId: call.id,
        kind: "call",
        status: "IN_PROGRESS",
        deletedAt: null,
      },
      select: { id: true },
    }),
  ]);
  return {
    consent: !consent
      ? ("not-asked" as const)
      : consent.granted
        ? ("given" as const)
        : consent.nodeId === DESKTOP_CONSENT_NODE
          ? ("withdrawn" as const)
          : ("declined" as const),
    recording: recording !== null,
  };
}

/**
 * Stops the call's recording. When the caller asked for it, their consent is recorded as withdrawn first, so
 * nobody can start recording the call again (the API and the runtime both refuse it from then on).
 */
export async function stopRecording(
  db: Db,
  redis: Redis,
  actor: DeskActor,
  input: { callId: string; callerAsked: boolean },
) {
  if (input.callerAsked) {
    const { call } = await callFor(db, actor, input.callId);
    const last = await db.consentRecord.findFirst({
      where: { tenantId: actor.tenantId, callId: call.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { rule: true, callerState: true, announcementText: true },
    });
    await db.consentRecord.create({
      data: {
        tenantId: actor.tenantId,
        callId: call.id,
        nodeId: DESKTOP_CONSENT_NODE,
        required: true,
        granted: false,
        method: "agent",
        rule: last?.rule ?? "caller-request",
        callerState: last?.callerState ?? null,
        announcementText: last?.announcementText ?? "",
        at: new Date(),
      },
    });
  }
  return requestCallControl(db, redis, actor, input.callId, { action: "recording.stop" });
}
