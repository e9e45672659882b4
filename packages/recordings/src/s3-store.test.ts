import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "./s3-store.ts";
import { startS3Server, type S3Server } from "./testing/s3-server.ts";

const credentials = { accessKeyId: "AKIDRINGFLOWTEST", secretAccessKey: randomBytes(20).toString("hex") };

describe("S3ObjectStore against the S3 REST contract", () => {
  let s3: S3Server;
  let store: S3ObjectStore;
  beforeAll(async () => {
    s3 = await startS3Server(credentials);
    store = new S3ObjectStore({
      bucket: "calls",
      region: "eu-west-1",
      endpoint: s3.url,
      prefix: "rf/",
      ...credentials,
    });
  });
  afterAll(async () => {
    store.close();
    await s3.close();
  });

  it("puts, gets and deletes an object with signed path-style requests", async () => {
    const body = randomBytes(5000);
    await store.put("t1/r1.enc", body, "application/octet-stream");
    const put = s3.requests.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.path).toBe("/calls/rf/t1/r1.enc");
    expect(put.signatureProblem).toBeNull();
    expect(put.headers["content-type"]).toBe("application/octet-stream");
    expect(put.headers["content-length"]).toBe("5000");
    expect(put.body.equals(body)).toBe(true);
    // No CRC trailer or aws-chunked body: plain S3-compatible services accept it.
    expect(put.headers["content-encoding"]).toBeUndefined();
    expect(Object.keys(put.headers).filter((h) => h.startsWith("x-amz-checksum"))).toEqual([]);

    expect((await store.get("t1/r1.enc"))?.equals(body)).toBe(true);
    const get = s3.requests.at(-1)!;
    expect([get.method, get.path, get.signatureProblem]).toEqual(["GET", "/calls/rf/t1/r1.enc", null]);

    await store.delete("t1/r1.enc");
    const del = s3.requests.at(-1)!;
    expect([del.method, del.path, del.signatureProblem]).toEqual(["DELETE", "/calls/rf/t1/r1.enc", null]);
    expect(s3.objects.has("/calls/rf/t1/r1.enc")).toBe(false);
  });

  it("reads a missing object as null and refuses keys that climb out", async () => {
    expect(await store.get("t1/missing.enc")).toBeNull();
    expect(s3.requests.at(-1)!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDRINGFLOWTEST\//,
    );
    await expect(store.get("../other-bucket/x")).rejects.toThrow(/Invalid storage key/);
  });

  it("fails loudly when the service refuses the signature", async () => {
    const wrong = new S3ObjectStore({
      bucket: "calls",
      endpoint: s3.url,
      ...credentials,
      secretAccessKey: "nope",
    });
    await expect(wrong.put("t1/x.enc", Buffer.from("x"), "application/octet-stream")).rejects.toThrow();
    expect(s3.requests.at(-1)!.signatureProblem).toBe("signature does not match");
    wrong.close();
  });
});
