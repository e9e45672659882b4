export { checkedKey, recordingStorageKey, type ObjectStore } from "./object-store.ts";
export { LocalObjectStore } from "./local-store.ts";
export { S3ObjectStore, s3StoreConfigSchema, type S3StoreConfig } from "./s3-store.ts";
export { recordingStoreEnvSchema, recordingStoreFromEnv, type RecordingStoreEnv } from "./store-env.ts";
export {
  decryptAudio,
  encryptAudio,
  newDataKey,
  openDataKey,
  resealDataKey,
  sha256Hex,
  type RecordingRef,
  type SealedDataKey,
} from "./audio-crypto.ts";
export { audioFacts, type AudioFacts } from "./audio-format.ts";
export { readAudio, storeAudio, storedAudioOf, StoredAudioMissing, type StoredAudio } from "./vault.ts";
export {
  redactedTranscript,
  textOfTurns,
  transcriptEngineKindSchema,
  TranscriptionError,
  transcriptSchema,
  transcriptTurnSchema,
  type Transcript,
  type TranscriptEngineKind,
  type TranscriptTurn,
} from "./transcription/transcript.ts";
export { REDACTED, redactTranscript, type RedactedKind } from "./transcription/redact.ts";
export {
  LOCAL_ENGINE_INSTALL,
  localEngineMissing,
  POCKETSPHINX_MODEL_DIR,
  transcribeLocally,
} from "./transcription/local-engine.ts";
export {
  CLOUD_ENGINE_KEY_KIND,
  cloudEngineConfigSchema,
  transcribeInCloud,
  type CloudEngineConfig,
} from "./transcription/cloud-engine.ts";
export { wordErrorRate } from "./transcription/word-error-rate.ts";
export { deletionRunFor, RETENTION_CRON, retentionRunAt, RETENTION_RUN_UTC } from "./retention-schedule.ts";
export { ASSET_LINK_SECONDS, signAssetLink, verifyAssetLink } from "./asset-link.ts";
export {
  ASSET_MAX_BYTES,
  assetAudioAnswer,
  checkAssetAudio,
  readAsset,
  storeAsset,
  type AssetCheck,
} from "./asset-audio.ts";
