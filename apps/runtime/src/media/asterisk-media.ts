/**
 * What the Asterisk adapter needs from media: URIs Asterisk can play (its HTTP media cache plays
 * `sound:http(s)://….wav`), made and cached before they are returned.
 */
export interface AsteriskMedia {
  /** A media URI Asterisk can play for this text (made and cached before it returns), e.g. "sound:http://…/media/<key>.wav". */
  speech(input: { tenantId: string; text: string; voice?: string; language: string }): Promise<string>;
  /** A media URI for a play command's URL or uploaded asset ("asset:<id>"), transcoded for Asterisk when needed. */
  audio(input: { tenantId: string; url: string }): Promise<string>;
  /** Music on hold class name to use while waiting (Asterisk's own MOH), default "default". */
  holdClass(tenantId: string): string;
}
