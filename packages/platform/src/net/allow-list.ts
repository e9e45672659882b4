import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { effectiveAddress, parseIp } from "./special-ranges.ts";

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * What an operator lets through although it is private or local: `host`, `host:port` (`[v6]:port`)
 * and CIDR networks (`10.20.0.0/16`, `fd00::/8`).
 */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly networks: Network[] = [];

  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      if (entry.includes("/")) this.networks.push(parseNetwork(entry));
      // The URL parser writes IPv6 hosts in brackets; a bare `::1` entry means the same host.
      else this.hosts.add(isIP(entry) === 6 ? `[${entry}]` : entry);
    }
  }

  /** An entry names the URL's host, alone or with the URL's port (the scheme's default when it has none). */
  allowsHost(url: URL): boolean {
    const host = url.hostname.toLowerCase();
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return this.hosts.has(host) || this.hosts.has(`${host}:${port}`);
  }

  /** The address (judged where it really leads, so ::ffff:10.0.0.1 is 10.0.0.1) is inside a listed network. */
  allowsAddress(text: string): boolean {
    const parsed = parseIp(text);
    if (!parsed) return false;
    const address = effectiveAddress(parsed);
    return this.networks.some((network) => address.kind() === network[0].kind() && address.match(network));
  }
}

function parseNetwork(entry: string): Network {
  const [ip = "", bits] = entry.split("/");
  if (!parseIp(ip) || !/^\d{1,3}$/.test(bits ?? "") || !ipaddr.isValidCIDR(entry))
    throw new Error(`"${entry}" is not a CIDR network such as 10.20.0.0/16`);
  return ipaddr.parseCIDR(entry);
}

/** An environment variable holding an allow-list: comma-separated, each entry checked at startup. */
export const allowListEnvSchema = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    try {
      new AllowList(entries);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  });
