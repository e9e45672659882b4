import { parseCookie, stringifySetCookie } from "cookie";

export const SESSION_COOKIE = "ringflow_session";

export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}

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
