import { describe, expect, it } from "vitest";
import { AllowList, allowListEnvSchema } from "./allow-list.ts";
import { specialPurposeOf } from "./special-ranges.ts";

// One address inside each block of IANA's special-purpose registries (and multicast, site-local).
const refused = [
  ["0.0.0.0", "this network"],
  ["0.1.2.3", "this network"],
  ["10.1.2.3", "private"],
  ["100.64.0.1", "shared address space"],
  ["100.127.255.254", "shared address space"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "link-local"],
  ["172.16.0.1", "private"],
  ["172.31.255.254", "private"],
  ["192.0.0.8", "IETF"],
  ["192.0.0.170", "IETF"],
  ["192.0.2.1", "documentation"],
  ["192.31.196.1", "AS112"],
  ["192.52.193.1", "AMT"],
  ["192.88.99.1", "6to4"],
  ["192.168.1.1", "private"],
  ["192.175.48.1", "AS112"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.254", "benchmarking"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["::7f00:1", "IPv4-compatible"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:a9fe:a9fe", "link-local"],
  ["::ffff:10.0.0.1", "private"],
  ["64:ff9b::7f00:1", "loopback"],
  ["64:ff9b::a00:1", "private"],
  ["64:ff9b:1::808:808", "NAT64"],
  ["100::1", "discard"],
  ["100:0:0:1::1", "dummy"],
  ["2001::1", "IETF"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "IETF"],
  ["2001:2::1", "IETF"],
  ["2001:1ff::1", "IETF"],
  ["2001:db8::1", "documentation"],
  ["2002:7f00:1::1", "6to4"],
  ["2002:808:808::1", "6to4"],
  ["2620:4f:8000::1", "AS112"],
  ["3fff::1", "documentation"],
  ["3fff:fff::1", "documentation"],
  ["5f00::1", "SRv6"],
  ["fc00::1", "unique local"],
  ["fd12:3456::1", "unique local"],
  ["fe80::1", "link-local"],
  ["febf:ffff::1", "link-local"],
  ["fec0::1", "site-local"],
  ["feff::1", "site-local"],
  ["ff02::1", "multicast"],
  ["4000::1", "unassigned"],
  ["0x7f.1", "not an IP address"],
  ["2130706433", "not an IP address"],
  ["localhost", "not an IP address"],
] as const;

const allowed = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.32.0.1",
  "100.128.0.1",
  "::ffff:8.8.8.8",
  "64:ff9b::808:808",
  "2606:4700:4700::1111",
  "2001:200::1",
];

describe("special-purpose addresses", () => {
  it.each(refused)("refuses %s (%s)", (address, block) => {
    expect(specialPurposeOf(address)).toContain(block);
  });

  it.each(allowed)("lets the public address %s through", (address) => {
    expect(specialPurposeOf(address)).toBeNull();
  });
});

describe("allow-list", () => {
  it("matches hosts with or without the port, and networks by the address packets reach", () => {
    const list = new AllowList(["pbx.internal", "127.0.0.1:8088", "::1", "10.20.0.0/16", "fd00::/8"]);
    expect(list.allowsHost(new URL("http://PBX.internal:9/"))).toBe(true);
    expect(list.allowsHost(new URL("http://127.0.0.1:8088/ari"))).toBe(true);
    expect(list.allowsHost(new URL("http://127.0.0.1:8089/ari"))).toBe(false);
    expect(list.allowsHost(new URL("http://[::1]/"))).toBe(true);
    expect(list.allowsAddress("10.20.3.4")).toBe(true);
    expect(list.allowsAddress("::ffff:10.20.3.4")).toBe(true);
    expect(list.allowsAddress("10.21.3.4")).toBe(false);
    expect(list.allowsAddress("fd00::5")).toBe(true);
    expect(list.allowsAddress("127.0.0.1")).toBe(false);
  });

  it("reads an environment variable and names a malformed network", () => {
    expect(allowListEnvSchema.parse(" 10.0.0.0/8, pbx:8088 ,")).toEqual(["10.0.0.0/8", "pbx:8088"]);
    expect(allowListEnvSchema.parse(undefined)).toEqual([]);
    const bad = allowListEnvSchema.safeParse("10.0.0.0/40");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('"10.0.0.0/40" is not a CIDR network such as 10.20.0.0/16');
  });
});
