import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { callTwilio, describeTwilioError, listTwilioNumbers } from "./twilio.ts";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("Twilio errors in words", () => {
  it("says a failed name lookup as a sentence, without the system's error code or host", () => {
    const lookup = Object.assign(new Error("getaddrinfo ENOTFOUND api.twilio.com"), { code: "ENOTFOUND" });
    const said = describeTwilioError(lookup);
    expect(said).toBe(
      "Could not reach Twilio: this server cannot look up Twilio's address (is it connected to the internet?).",
    );
    expect(describeTwilioError(new Error("socket hang up"))).not.toMatch(/socket|hang/);
  });

  it("a refused connection becomes a clear error that names no system code", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const credentials = { accountSid: `AC${"b".repeat(32)}`, authToken: "token" };
    const error = await callTwilio("Listing the Twilio account's numbers", () =>
      listTwilioNumbers(credentials, base),
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      "Listing the Twilio account's numbers failed. Could not reach Twilio: the connection was refused (a firewall or proxy may be in the way).",
    );
    expect(error?.message).not.toMatch(/E[A-Z]{4,}|127\.0\.0\.1/);
  });
});
