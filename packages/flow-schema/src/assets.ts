/**
 * A play command's URL for an uploaded audio file: `asset:<assetId>`. The engine names the file; the provider
 * adapter swaps in a short-lived signed link when it answers, so no link outlives its call.
 */
export const ASSET_URL_SCHEME = "asset:";
