import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcribeInCloud } from "./cloud-engine.ts";

/** A Deepgram-style listen API on loopback: records each request, answers with what the test sets. */
const requests: { method: string; url: string; headers: Record<string, unknown>; body: Buffer }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const audio = Buffer.from("RIFF....WAVEfmt fake audio bytes");

describe("transcribeInCloud", () => {
  it("posts the audio with the key, model and call's language, and returns speaker turns", async () => {
    answer = {
      status: 200,
      body: {
        metadata: { request_id: "r1" },
        results: {
          channels: [
            { alternatives: [{ transcript: "Hello, how can I help? I need a refill.", confidence: 0.9 }] },
          ],
          utterances: [
            { start: 0.1, end: 1.5, transcript: "Hello, how can I help?", speaker: 0, confidence: 0.9 },
            { start: 1.9, end: 3.2, transcript: "I need a refill.", speaker: 1, confidence: 0.8 },
          ],
        },
      },
    };
    const transcript = await transcribeInCloud(audio, "audio/wav", {
      baseUrl,
      apiKey: "dg-secret",
      model: "nova-2",
      language: "es-US",
    });
    const request = requests.at(-1);
    expect(request?.method).toBe("POST");
    const url = new URL(request?.url ?? "", baseUrl);
    expect(url.pathname).toBe("/v1/listen");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      model: "nova-2",
      language: "es-US",
      punctuate: "true",
      diarize: "true",
      utterances: "true",
    });
    expect(request?.headers).toMatchObject({ authorization: "Token dg-secret", "content-type": "audio/wav" });
    expect(request?.body.equals(audio)).toBe(true);
    expect(transcript).toEqual({
      engine: "cloud",
      language: "es-US",
      text: "Hello, how can I help? I need a refill.",
      turns: [
        { speaker: 0, startSeconds: 0.1, endSeconds: 1.5, text: "Hello, how can I help?" },
        { speaker: 1, startSeconds: 1.9, endSeconds: 3.2, text: "I need a refill." },
      ],
    });
  });

  it("keeps a base path and gives up at once on a refused key, retries on a server error", async () => {
    answer = { status: 401, body: { err_code: "INVALID_AUTH" } };
    await expect(
      transcribeInCloud(audio, "audio/wav", {
        baseUrl: `${baseUrl}/proxy/`,
        apiKey: "bad",
        language: "en-US",
      }),
    ).rejects.toMatchObject({ final: true, message: /refused the API key/ });
    expect(new URL(requests.at(-1)?.url ?? "", baseUrl).pathname).toBe("/proxy/v1/listen");
    answer = { status: 503, body: {} };
    await expect(
      transcribeInCloud(audio, "audio/wav", { baseUrl, apiKey: "k", language: "en-US" }),
    ).rejects.toMatchObject({ final: false, message: /answered 503/ });
    answer = { status: 200, body: { unexpected: true } };
    await expect(
      transcribeInCloud(audio, "audio/wav", { baseUrl, apiKey: "k", language: "en-US" }),
    ).rejects.toMatchObject({ message: /not understood/ });
  });

  it("takes the text from turns when the channel gives none", async () => {
    answer = {
      status: 200,
      body: { results: { channels: [], utterances: [{ start: 0, end: 1, transcript: "only turns" }] } },
    };
    const transcript = await transcribeInCloud(audio, "audio/wav", {
      baseUrl,
      apiKey: "k",
      language: "en-US",
    });
    expect(transcript.text).toBe("only turns");
    expect(transcript.turns[0]?.speaker).toBeNull();
  });
});
