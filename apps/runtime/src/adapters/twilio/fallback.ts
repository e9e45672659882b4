import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CarrierAccount } from "./carrier.ts";

/** The header of a request this process hands itself; its value is a one-time nonce, known only here. */
const HANDOVER_HEADER = "x-ringflow-handover";

/**
 * A carrier's fallback request: when the runtime that served a call cannot be reached, the carrier posts the
 * request it could not deliver (its form, plus ErrorUrl and ErrorCode) to the number's fallback voice URL,
 * another runtime. That runtime hands the form to its own route for ErrorUrl's endpoint: the call continues
 * from its state in Redis, and its next answers carry this runtime's action URLs.
 */
export class FallbackHandover {
  private readonly pending = new Map<string, CarrierAccount>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly prefix: string,
  ) {}

  /** The endpoint path (`/twilio/gather?turn=3`) of an ErrorUrl that is one of this carrier's actions. */
  target(errorUrl: unknown): string | null {
    if (typeof errorUrl !== "string" || !errorUrl) return null;
    let url: URL;
    try {
      url = new URL(errorUrl);
    } catch {
      return null;
    }
    const match = url.pathname.match(new RegExp(`^/${this.prefix}/([a-z-]+)$`));
    if (!match || match[1] === "voice" || match[1] === "status") return null;
    return url.pathname + url.search;
  }

  /** Runs the undelivered request on this runtime's own route, as the already verified account. */
  async handOver(request: FastifyRequest, reply: FastifyReply, target: string, account: CarrierAccount) {
    const nonce = randomBytes(24).toString("base64url");
    this.pending.set(nonce, account);
    try {
      const body = new URLSearchParams(request.body as Record<string, string>);
      body.delete("ErrorUrl");
      body.delete("ErrorCode");
      const answer = await this.app.inject({
        method: "POST",
        url: target,
        headers: { "content-type": "application/x-www-form-urlencoded", [HANDOVER_HEADER]: nonce },
        payload: body.toString(),
      });
      const type = answer.headers["content-type"];
      return reply
        .code(answer.statusCode)
        .type(typeof type === "string" ? type : "text/plain")
        .send(answer.body);
    } finally {
      this.pending.delete(nonce);
    }
  }

  /** The account a handed-over request acts for (its nonce is used once), else null. */
  accountOf(request: FastifyRequest): CarrierAccount | null {
    const nonce = request.headers[HANDOVER_HEADER];
    if (typeof nonce !== "string") return null;
    const account = this.pending.get(nonce) ?? null;
    this.pending.delete(nonce);
    return account;
  }
}
