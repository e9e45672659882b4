import { describe, expect, it } from "vitest";
import { generateKeySpec, KeyringError, open, parseKeyring, seal } from "./secrets.ts";

describe("secrets", () => {
  const keyring = parseKeyring(generateKeySpec("a"));

  it("round-trips a secret and never stores the plaintext", () => {
    const sealed = seal(keyring, '{"authToken":"s3cr3t"}', "tenant-1:TWILIO");
    expect(sealed.keyId).toBe("a");
    expect(sealed.value).not.toContain("s3cr3t");
    expect(open(keyring, sealed, "tenant-1:TWILIO")).toBe('{"authToken":"s3cr3t"}');
  });

  it("uses a fresh IV each time", () => {
    expect(seal(keyring, "same", "x").value).not.toBe(seal(keyring, "same", "x").value);
  });

  it("refuses a ciphertext moved to another row or tampered with", () => {
    const sealed = seal(keyring, "token", "tenant-1:TWILIO");
    expect(() => open(keyring, sealed, "tenant-2:TWILIO")).toThrow();
    const [iv, tag, body] = sealed.value.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(() =>
      open(
        keyring,
        { ...sealed, value: [iv, tag, flipped.toString("base64url")].join(".") },
        "tenant-1:TWILIO",
      ),
    ).toThrow();
  });

  it("opens old secrets after rotation and seals new ones with the new key", () => {
    const old = seal(keyring, "before", "ad");
    const rotated = parseKeyring(
      `${generateKeySpec("b")},${generateKeySpec("a").replace(/^a:.*/, `a:${keyring.keys.get("a")!.toString("base64")}`)}`,
    );
    expect(open(rotated, old, "ad")).toBe("before");
    expect(seal(rotated, "after", "ad").keyId).toBe("b");
  });

  it("explains a bad key specification", () => {
    expect(() => parseKeyring("nokey")).toThrow(KeyringError);
    expect(() => parseKeyring("k:c2hvcnQ=")).toThrow(/32 bytes/);
    expect(() => parseKeyring("")).toThrow(/no key/);
    expect(() => open(keyring, { keyId: "gone", value: "a.b.c" }, "ad")).toThrow(
      /not in RINGFLOW_SECRET_KEYS/,
    );
  });
});
