import { afterAll, describe, expect, it } from "vitest";
import { generateKeySpec, openCredentials } from "@ringflow/db";
import { CLOUD_ENGINE_KEY_KIND } from "@ringflow/recordings";
import { rotateSecrets } from "../../services/secrets/rotate.ts";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("a workspace's transcription engine", () => {
  const h = createHarness();
  const previous = process.env.RINGFLOW_SECRET_KEYS;
  afterAll(async () => {
    process.env.RINGFLOW_SECRET_KEYS = previous;
    await h.close();
  });

  it("is local until an admin chooses; a cloud key is sealed, never shown, audited without itself", async () => {
    const ws = await h.workspace("engine");
    expect(await ws.caller.recordings.transcriptionEngine()).toEqual({
      engine: "local",
      cloudModel: null,
      cloudKeyStored: false,
    });
    expect(await outcome(ws.caller.recordings.setTranscriptionEngine({ engine: "cloud" }))).toBe(
      "BAD_REQUEST",
    );
    const set = await ws.caller.recordings.setTranscriptionEngine({
      engine: "cloud",
      cloudApiKey: "dg-secret-key",
      cloudModel: "nova-2-phonecall",
    });
    expect(set).toEqual({ engine: "cloud", cloudModel: "nova-2-phonecall", cloudKeyStored: true });
    const row = await h.db.transcriptionSetting.findUniqueOrThrow({ where: { tenantId: ws.tenantId } });
    expect(row.cloudKey).not.toContain("dg-secret-key");
    const audits = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, action: "transcription.engine-change" },
    });
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits.map((a) => a.data))).not.toContain("dg-secret-key");
    // Switching engines keeps the stored key for later.
    await ws.caller.recordings.setTranscriptionEngine({ engine: "twilio" });
    expect((await ws.caller.recordings.transcriptionEngine()).cloudKeyStored).toBe(true);

    for (const role of ["DESIGNER", "SUPERVISOR", "AGENT"] as const) {
      const member = await h.member(ws.tenantId, role);
      expect(await outcome(member.caller.recordings.setTranscriptionEngine({ engine: "off" }))).toBe(
        "FORBIDDEN",
      );
    }
  });

  it("is resealed by secrets rotate", async () => {
    const ws = await h.workspace("engine-rotate");
    await ws.caller.recordings.setTranscriptionEngine({ engine: "cloud", cloudApiKey: "key-to-rotate" });
    const newKey = generateKeySpec("transcription-rotated");
    process.env.RINGFLOW_SECRET_KEYS = `${newKey},${previous}`;
    const result = await rotateSecrets(h.db, { tenantId: ws.tenantId });
    expect(result.transcriptionKeys).toEqual({ resealed: 1, alreadyCurrent: 0, failed: [] });
    process.env.RINGFLOW_SECRET_KEYS = newKey;
    const row = await h.db.transcriptionSetting.findUniqueOrThrow({ where: { tenantId: ws.tenantId } });
    expect(row.cloudKeyId).toBe("transcription-rotated");
    expect(
      openCredentials<{ apiKey: string }>({
        tenantId: ws.tenantId,
        kind: CLOUD_ENGINE_KEY_KIND,
        credentials: row.cloudKey!,
        credentialsKeyId: row.cloudKeyId!,
      }),
    ).toEqual({ apiKey: "key-to-rotate" });
  });
});
