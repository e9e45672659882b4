import { OutboundGuard, OutboundRefusedError } from "@ringflow/platform";
import type { AsteriskAccount } from "./ari-application.ts";

export class AriHttpRefusedError extends Error {
  override name = "AriHttpRefusedError";
}

/**
 * One ARI request with the account's user, without the account's connection (any runtime process or the
 * jobs process may send one: ringing a queue's agents, fetching a recording), through the outbound guard
 * with PBX_ALLOW_NETWORKS as the connection's address is.
 */
export async function ariHttp(
  account: Pick<AsteriskAccount, "ariBase" | "username" | "password">,
  request: {
    method: "GET" | "POST" | "DELETE";
    path: string;
    query?: Record<string, string>;
    /** A JSON body (originate's channel variables). */
    body?: Record<string, unknown>;
    maxBytes?: number;
    allowNetworks: readonly string[];
  },
) {
  const guard = new OutboundGuard({ allow: request.allowNetworks });
  const auth = Buffer.from(`${account.username}:${account.password}`).toString("base64");
  const query = request.query ? `?${new URLSearchParams(request.query)}` : "";
  try {
    return await guard.requestBytes(`${account.ariBase}${request.path}${query}`, {
      method: request.method,
      headers: {
        authorization: `Basic ${auth}`,
        ...(request.body ? { "content-type": "application/json" } : {}),
      },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(120_000),
      maxResponseBytes: request.maxBytes ?? 64 * 1024,
    });
  } catch (error) {
    if (error instanceof OutboundRefusedError)
      throw new AriHttpRefusedError(`Ringflow may not reach this PBX: ${error.message}.`);
    throw error;
  }
}
