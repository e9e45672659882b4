import { parseCookie } from "cookie";

/** The browser cookie holding the session token, for every service that reads it. */
export const SESSION_COOKIE = "ringflow_session";

export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}
