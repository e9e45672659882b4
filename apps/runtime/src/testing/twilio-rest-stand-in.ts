import { createServer } from "node:http";
import { twilioRequestProblems } from "./twilio-oai.ts";

/** One REST request the runtime made to Twilio, with what Twilio's API description says of it. */
export interface RecordedRequest {
  method: string;
  url: string;
  form: URLSearchParams;
  problems: string[];
}

export type StandInReply = { status: number; body?: unknown };

/**
 * A local stand-in for Twilio's REST API: records every request (checked against Twilio's API description)
 * and answers with what `reply` says. Point the runtime's twilioApiBaseUrl at `url`.
 */
export async function startTwilioRestStandIn(reply: (request: RecordedRequest) => StandInReply) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const method = req.method ?? "";
      const url = req.url ?? "";
      const request = {
        method,
        url,
        form: new URLSearchParams(body),
        problems: twilioRequestProblems(method, url, body),
      };
      requests.push(request);
      const answer = reply(request);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
