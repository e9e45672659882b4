import twilio from "twilio";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** Twilio's form fields an action carries, kept in the retry URL so a retried turn still has its input. */
const CARRIED = [
  "Digits",
  "SpeechResult",
  "Confidence",
  "DialCallStatus",
  "DialCallDuration",
  "QueueResult",
  "QueueTime",
  "RecordingUrl",
  "RecordingSid",
  "RecordingDuration",
] as const;
/** Retries of one webhook before the caller hears that we cannot take the call. */
const MAX_RETRIES = 2;

/**
 * What Twilio gets when the runtime cannot answer (Redis or Postgres down): never a 500 (Twilio would play its
 * own error and hang up), but an apology, a short pause and the same webhook again, with its input carried in
 * the URL; after two retries, an apology and a hangup. Status and recording callbacks get an empty answer.
 */
export function faultAnswer(request: FastifyRequest, publicUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (!isCallAnswer(request.url)) return response.toString();
  const url = new URL(request.url, "http://runtime");
  const retry = Number(url.searchParams.get("retry") ?? "0");
  if (retry >= MAX_RETRIES) {
    response.say("We are sorry, we cannot take your call right now. Please call again later.");
    response.hangup();
    return response.toString();
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  url.searchParams.set("retry", String(retry + 1));
  for (const name of CARRIED)
    if (typeof body[name] === "string" && !url.searchParams.has(name))
      url.searchParams.set(`carry${name}`, body[name]);
  if (retry === 0) response.say("We are sorry, please hold on a moment.");
  response.pause({ length: 2 });
  response.redirect({ method: "POST" }, `${publicUrl}${url.pathname}${url.search}`);
  return response.toString();
}

/** Webhooks whose answer the caller hears (the others are callbacks). */
function isCallAnswer(url: string): boolean {
  return /^\/twilio\/(voice|gather|dial|enqueue|record|http-wait|sms-wait|queue-wait)\b/.test(url);
}

/** Form fields a retried webhook carried in its URL, put back where the route reads them. */
export function carriedFields(query: Record<string, unknown>, body: Record<string, unknown>): void {
  for (const name of CARRIED) {
    const carried = query[`carry${name}`];
    if (typeof carried === "string" && body[name] === undefined) body[name] = carried;
  }
}

/** Malformed webhooks are the sender's fault (4xx, nothing runs); anything else is ours (a TwiML apology). */
export const twilioErrorHandler =
  (publicUrl: string) => (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.name === "ZodError") {
      request.log.warn(
        { url: request.url, issues: (error as unknown as { issues: unknown }).issues },
        "malformed Twilio webhook",
      );
      return reply.code(400).type("text/plain").send("malformed request");
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.warn({ url: request.url, code: error.code }, "refused a Twilio webhook");
      return reply.code(error.statusCode).type("text/plain").send(clientMessage(error.statusCode));
    }
    request.log.error(
      { err: error, url: request.url },
      "Twilio webhook failed; answered with an apology and a retry",
    );
    return reply.code(200).type("text/xml").send(faultAnswer(request, publicUrl));
  };

function clientMessage(status: number): string {
  if (status === 413) return "request body too large";
  if (status === 415)
    return "unsupported content type: Twilio webhooks are application/x-www-form-urlencoded";
  return "bad request";
}
