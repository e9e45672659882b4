export interface AsteriskCredentials {
  /** Where ARI listens, e.g. http://pbx.example.com:8088 (with or without the trailing /ari). */
  ariUrl: string;
  username: string;
  password: string;
  applicationName: string;
}

/** The ARI base, always ending in /ari. */
export function ariBase(ariUrl: string): string {
  const trimmed = ariUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/ari") ? trimmed : `${trimmed}/ari`;
}

interface AsteriskInfo {
  system?: { version?: string; entity_id?: string };
  config?: { name?: string };
}

/** GET /ari/asterisk/info with the ARI user: proves the URL, the credentials and that ARI is enabled. */
export async function fetchAsteriskInfo(
  credentials: AsteriskCredentials,
): Promise<{ ok: boolean; message: string }> {
  const url = `${ariBase(credentials.ariUrl)}/asterisk/info`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
        accept: "application/json",
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string }; message?: string }).cause;
    return {
      ok: false,
      message: `Could not reach Asterisk at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    };
  }
  if (response.status === 401)
    return {
      ok: false,
      message: "Asterisk refused the ARI user or password (401 Unauthorized); check ari.conf.",
    };
  if (!response.ok) {
    const body = (await response.text()).slice(0, 300);
    return {
      ok: false,
      message: `Asterisk answered ${response.status} ${response.statusText}${body ? `: ${body}` : ""}`,
    };
  }
  const info = (await response.json().catch(() => ({}))) as AsteriskInfo;
  const version = info.system?.version ?? "unknown version";
  return {
    ok: true,
    message: `Connected to Asterisk ${version}${info.config?.name ? ` (${info.config.name})` : ""}.`,
  };
}
