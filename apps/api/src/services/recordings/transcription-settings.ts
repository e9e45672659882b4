import { sealCredentials, type Db } from "@ringflow/db";
import { CLOUD_ENGINE_KEY_KIND } from "@ringflow/recordings";
import { apiError } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import type { SetTranscriptionEngineInput } from "../../routers/recordings/set-transcription-engine.schema.ts";

/** The tenant's transcription engine as admins see it: never the cloud key, only whether one is stored. */
export async function getTranscriptionEngine(db: Db, tenantId: string) {
  const row = await db.transcriptionSetting.findFirst({ where: { tenantId } });
  return {
    engine: row?.engine ?? "local",
    cloudModel: row?.cloudModel ?? null,
    cloudKeyStored: Boolean(row?.cloudKey),
  };
}

/** Chooses the engine; a cloud API key is sealed at once (bound to the tenant) and never shown again. */
export async function setTranscriptionEngine(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: SetTranscriptionEngineInput,
) {
  const current = await db.transcriptionSetting.findFirst({ where: { tenantId } });
  if (input.engine === "cloud" && !input.cloudApiKey && !current?.cloudKey)
    throw apiError("BAD_REQUEST", "Give the cloud transcription service's API key to use it.");
  const key = input.cloudApiKey
    ? (({ credentials, credentialsKeyId }) => ({ cloudKey: credentials, cloudKeyId: credentialsKeyId }))(
        sealCredentials(tenantId, CLOUD_ENGINE_KEY_KIND, { apiKey: input.cloudApiKey }),
      )
    : {};
  const data = {
    engine: input.engine,
    ...(input.cloudModel !== undefined ? { cloudModel: input.cloudModel } : {}),
    ...key,
  };
  await db.transcriptionSetting.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  await recordAudit(db, tenantId, actor, {
    action: "transcription.engine-change",
    targetType: "tenant",
    targetId: tenantId,
    data: {
      engine: input.engine,
      cloudModel: input.cloudModel ?? null,
      keyChanged: Boolean(input.cloudApiKey),
    },
  });
  return getTranscriptionEngine(db, tenantId);
}
