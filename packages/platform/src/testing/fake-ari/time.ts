/** A moment in Asterisk's own form (ast_json_timeval, UTC): 2026-11-21T10:00:00.123+0000. */
export function asteriskTime(at: Date = new Date()): string {
  return at.toISOString().replace("Z", "+0000");
}
