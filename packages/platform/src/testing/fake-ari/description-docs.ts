import { ariDescription } from "../ari-description.ts";

/**
 * GET /ari/api-docs/<name>.json: the description document exactly as Asterisk serves it, with basePath pointing
 * at this server (ari-client builds every operation's URL from it).
 */
export function describedDocument(pathname: string, baseUrl: string): Record<string, unknown> | undefined {
  const match = /^\/ari\/api-docs\/([A-Za-z]+)\.json$/.exec(pathname);
  const document = match ? ariDescription().documents.get(match[1] as string) : undefined;
  return document ? { ...document, basePath: `${baseUrl}/ari` } : undefined;
}
