import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { Agent, fetch } from "undici";
import { AllowList } from "./allow-list.ts";
import { readLimitedBytes } from "./read-limited.ts";
import { parseIp, specialPurposeOf } from "./special-ranges.ts";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses; injectable so tests can play a rebinding DNS server. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundGuardOptions {
  /** `host[:port]` entries and CIDR networks that may be reached although private or local. */
  allow?: readonly string[];
  resolve?: ResolveHost;
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Why a URL may not be fetched: its scheme, a host that does not resolve, or an address it leads to. */
export type RefusalReason = "scheme" | "unresolved" | "address";

/** The URL may not be fetched. The message is for users. */
export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";

  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

const resolveWithDns: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Requests to URLs that users typed: only http(s), never to special-purpose addresses (loopback, private,
 * link-local, metadata, documentation, multicast... see special-ranges.ts) unless allow-listed, and the
 * connection goes to the very address that was checked, so DNS answering differently a moment later
 * (rebinding) cannot redirect it. Redirects are never followed.
 */
export class OutboundGuard {
  private readonly allow: AllowList;
  private readonly resolve: ResolveHost;

  constructor(options: OutboundGuardOptions = {}) {
    this.allow = new AllowList(options.allow);
    this.resolve = options.resolve ?? resolveWithDns;
  }

  /** The checked addresses the URL's host may be reached at; throws OutboundRefusedError when none may. */
  async check(url: URL, signal?: AbortSignal): Promise<ResolvedAddress[]> {
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new OutboundRefusedError("scheme", `only http and https URLs are allowed, not ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const literal = parseIp(host);
    const addresses = literal
      ? [{ address: host, family: literal.kind() === "ipv6" ? 6 : 4 } as const]
      : await this.resolveOnce(host, signal);
    if (this.allow.allowsHost(url)) return addresses;
    for (const { address } of addresses) {
      const special = specialPurposeOf(address);
      if (special && !this.allow.allowsAddress(address))
        throw new OutboundRefusedError(
          "address",
          `requests to private or local addresses are not allowed (${host} is ${address}, ${special})`,
        );
    }
    return addresses;
  }

  /** Checks the URL, then sends the request to the checked address and reads at most maxResponseBytes. */
  async request(target: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
    const response = await this.requestBytes(target, request);
    return { ...response, body: response.body.toString("utf8") };
  }

  /** The same as request, with the body as bytes (audio and other files). */
  async requestBytes(
    target: string | URL,
    request: OutboundRequest,
  ): Promise<Omit<OutboundResponse, "body"> & { body: Buffer }> {
    const url = new URL(target);
    const addresses = await this.check(url, request.signal);
    const agent = new Agent({ connect: { lookup: pinnedLookup(url.hostname, addresses) } });
    try {
      const response = await fetch(url, {
        method: request.method ?? "GET",
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: "manual",
        ...(request.signal ? { signal: request.signal } : {}),
        dispatcher: agent,
      });
      const body = await readLimitedBytes(response, request.maxResponseBytes);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { status: response.status, headers, body };
    } finally {
      void agent.destroy().catch(() => undefined);
    }
  }

  private async resolveOnce(host: string, signal?: AbortSignal): Promise<ResolvedAddress[]> {
    let addresses: ResolvedAddress[];
    try {
      addresses = await abortable(this.resolve(host), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new OutboundRefusedError("unresolved", `cannot resolve ${host}`);
    }
    if (addresses.length === 0) throw new OutboundRefusedError("unresolved", `cannot resolve ${host}`);
    return addresses;
  }
}

/** The socket's DNS lookup, answering only with the checked addresses (all of them for Happy Eyeballs). */
function pinnedLookup(hostname: string, addresses: ResolvedAddress[]): LookupFunction {
  const expected = hostname.replace(/^\[|\]$/g, "");
  return (name, options, callback) => {
    if (name !== expected) return callback(new Error(`unexpected connection to ${name}`), "", 4);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    callback(null, first?.address ?? "", first?.family ?? 4);
  };
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
