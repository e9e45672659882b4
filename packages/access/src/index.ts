export {
  PERMISSIONS,
  permissionSchema,
  roleSchema,
  ROLES,
  ROLE_DEFAULTS,
  isFixed,
  type Permission,
} from "./permissions.ts";
export { sessionPolicyFromEnv, defaultSessionPolicy, type SessionPolicy } from "./session-policy.ts";
export {
  createSession,
  generateSessionToken,
  sessionIdFromToken,
  findLiveSession,
  validateSessionToken,
  sessionEndsAt,
  type LiveSession,
  type SessionDeps,
} from "./sessions.ts";
export { SESSION_COOKIE, readSessionCookie } from "./cookie.ts";
export {
  authorizeDeploymentAdmin,
  deploymentAdminsFromEnv,
  deploymentAdminsSchema,
} from "./deployment-admins.ts";
export {
  authenticate,
  authorize,
  authorizeSession,
  type AuthorizeInput,
  type Grant,
  type Refusal,
} from "./authorize.ts";
export {
  rolePermissions,
  permissionMatrix,
  setRolePermission,
  tenantsWithPermission,
  FixedPermissionError,
} from "./role-permissions.ts";
export { accessEventSchema, publishAccessEvent, endSession, type AccessEvent } from "./access-events.ts";
export {
  SessionWatcher,
  SESSION_ENDS,
  type SessionEnd,
  type SessionEndReason,
  type WatchScope,
} from "./session-watcher.ts";
export {
  authorizeApiToken,
  generateApiToken,
  hashApiToken,
  readBearerToken,
  type TokenGrant,
} from "./api-tokens.ts";
