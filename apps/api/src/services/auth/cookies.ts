import { stringifySetCookie } from "cookie";
import { SESSION_COOKIE } from "@ringflow/access";

export { readSessionCookie, SESSION_COOKIE } from "@ringflow/access";

// Lax: sent on top-level navigation to the builder, never on cross-site POSTs (the Origin check is the second lock).
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    expires: expiresAt,
  });
}

export function expiredSessionCookie(secure: boolean): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: 0,
  });
}
