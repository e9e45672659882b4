import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = { cidr: [Address, number]; name: string };

const ranges = (table: Record<string, string>): Range[] =>
  Object.entries(table).map(([cidr, name]) => ({ cidr: ipaddr.parseCIDR(cidr), name }));

/**
 * Every block of IANA's IPv4 Special-Purpose Address Registry, plus multicast. Some of them (AS112, AMT)
 * are globally reachable, but no service a call flow or a PBX test needs lives there.
 */
const IPV4_SPECIAL = ranges({
  "0.0.0.0/8": "this network",
  "10.0.0.0/8": "private",
  "100.64.0.0/10": "shared address space (carrier-grade NAT)",
  "127.0.0.0/8": "loopback",
  "169.254.0.0/16": "link-local (cloud metadata)",
  "172.16.0.0/12": "private",
  "192.0.0.0/24": "IETF protocol assignments",
  "192.0.2.0/24": "documentation (TEST-NET-1)",
  "192.31.196.0/24": "AS112",
  "192.52.193.0/24": "AMT",
  "192.88.99.0/24": "6to4 relay anycast",
  "192.168.0.0/16": "private",
  "192.175.48.0/24": "AS112 direct delegation",
  "198.18.0.0/15": "benchmarking",
  "198.51.100.0/24": "documentation (TEST-NET-2)",
  "203.0.113.0/24": "documentation (TEST-NET-3)",
  "224.0.0.0/4": "multicast",
  "255.255.255.255/32": "limited broadcast",
  "240.0.0.0/4": "reserved",
});

/**
 * IPv6 forms that carry an IPv4 address the packets end up at: judged by that address, so a public
 * server behind NAT64 or seen as IPv4-mapped stays reachable while ::ffff:127.0.0.1 does not.
 */
const IPV6_EMBEDDING_IPV4 = ranges({
  "::ffff:0:0/96": "IPv4-mapped",
  "64:ff9b::/96": "NAT64",
});

/** Every block of IANA's IPv6 Special-Purpose Address Registry, site-local and multicast. */
const IPV6_SPECIAL = ranges({
  "::/96": "unspecified, loopback or IPv4-compatible",
  "64:ff9b:1::/48": "local-use NAT64",
  "100::/64": "discard-only",
  "100:0:0:1::/64": "dummy prefix",
  "2001::/23": "IETF protocol assignments (Teredo, benchmarking, ORCHID)",
  "2001:db8::/32": "documentation",
  "2002::/16": "6to4",
  "2620:4f:8000::/48": "AS112 direct delegation",
  "3fff::/20": "documentation",
  "5f00::/16": "segment routing (SRv6) SIDs",
  "fc00::/7": "unique local (private)",
  "fe80::/10": "link-local",
  "fec0::/10": "site-local",
  "ff00::/8": "multicast",
});

// Outside 2000::/3 nothing is assigned for unicast; whatever answers there is not a public server.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

const firstMatch = (address: Address, table: Range[]) =>
  table.find(({ cidr }) => address.kind() === cidr[0].kind() && address.match(cidr));

/** The IPv4 address an IPv6 address of an embedding range delivers to (its last 32 bits). */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const [high = 0, low = 0] = address.parts.slice(6);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Parses a literal IP address strictly (dotted-quad IPv4 or IPv6, as DNS and the URL parser give them);
 * shorthand such as `0x7f.1` is not an address here. Null when it is not one.
 */
export function parseIp(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, "");
  return isIP(bare) ? ipaddr.parse(bare) : null;
}

/** The address packets to `address` really reach: the IPv4 inside IPv4-mapped and NAT64 forms. */
export function effectiveAddress(address: Address): Address {
  return address.kind() === "ipv6" && firstMatch(address, IPV6_EMBEDDING_IPV4)
    ? embeddedIpv4(address as ipaddr.IPv6)
    : address;
}

/**
 * Why `text` may not be contacted (the special-purpose block it is in), or null for a public unicast
 * address. Anything that is not a plain IP address is refused.
 */
export function specialPurposeOf(text: string): string | null {
  const parsed = parseIp(text);
  if (!parsed) return "not an IP address";
  const address = effectiveAddress(parsed);
  if (address.kind() === "ipv4") return firstMatch(address, IPV4_SPECIAL)?.name ?? null;
  const special = firstMatch(address, IPV6_SPECIAL)?.name;
  if (special) return special;
  return address.match(IPV6_GLOBAL_UNICAST) ? null : "unassigned";
}
