import { describe, expect, it } from "vitest";
import { copyAlertView } from "./copy-alerts.tsx";

const alert = (over: Partial<Parameters<typeof copyAlertView>[0][number]> = {}) => ({
  id: "r1",
  callId: "c1",
  kind: "call",
  providerRecordingId: "RE1",
  copyAttempts: 6,
  copyFailedAt: "2026-12-01T10:00:00.000Z",
  copyError: "Twilio answered 401 when asked for the recording.",
  createdAt: "2026-12-01T09:58:00.000Z",
  ...over,
});

describe("copyAlertView", () => {
  it("says nothing when every copy succeeded", () => {
    expect(copyAlertView([])).toBeNull();
  });

  it("names one failed recording, why, after how many tries, and links its call", () => {
    const view = copyAlertView([alert()])!;
    expect(view.count).toBe(1);
    expect(view.headline).toBe(
      "1 recording could not be copied into Ringflow. It stays only at the phone provider, which keeps it: nothing is deleted there.",
    );
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({
      id: "r1",
      callPath: "/calls/c1",
      what: "Call recording",
      reason: "Twilio answered 401 when asked for the recording.",
    });
    expect(view.rows[0]!.failed).toMatch(/^gave up .+ after 6 tries$/);
  });

  it("lists the newest failure first, counts voicemails apart, and gives a reason when the job left none", () => {
    const view = copyAlertView([
      alert({ id: "old", copyFailedAt: "2026-11-30T08:00:00.000Z", copyAttempts: 1 }),
      alert({ id: "vm", kind: "voicemail", callId: "c2", copyError: null }),
    ])!;
    expect(view.headline).toMatch(
      /^2 recordings \(1 voicemail\) could not be copied into Ringflow\. They stay/,
    );
    expect(view.rows.map((r) => r.id)).toEqual(["vm", "old"]);
    expect(view.rows[0]).toMatchObject({
      what: "Voicemail",
      callPath: "/calls/c2",
      reason: "The recording could not be copied or stored.",
    });
    expect(view.rows[1]!.failed).toMatch(/after 1 try$/);
  });
});
