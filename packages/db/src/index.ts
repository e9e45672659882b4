export { createDb, type Db, type DbTx } from "./client.ts";
export { UndefinedFilterError } from "./strict-filters.ts";
export * from "./secrets.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export type * from "./generated/prisma/models.ts";
export { toJson } from "./json.ts";
export { keyring, openCredentials, sealCredentials } from "./provider-credentials.ts";
export { DEFAULT_OUTBOUND_POLICY, outboundPolicy } from "./outbound-policy.ts";
