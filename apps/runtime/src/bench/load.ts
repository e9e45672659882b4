import http from "node:http";

/** One webhook to send: which kind (for per-webhook figures), URL path, form body and signature. */
export interface Webhook {
  kind: string;
  path: string;
  body: string;
  signature: string;
  /** The last webhook of a call: its answer completes a whole call. */
  last?: boolean;
}

/** A caller: sends its next webhook only after the previous answer (as Twilio does); null = done. */
export interface Session {
  next(): Webhook | null;
  answered(ok: boolean, body: string): void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Whole calls answered (their last webhook answered with 2xx). */
  calls: number;
  seconds: number;
  /** Latencies in ms by webhook kind, measured from when each request was due (no coordinated omission). */
  latencies: Record<string, number[]>;
}

export { percentile, sortedCopy } from "@ringflow/platform";

/** Posts one signed webhook form; resolves with the status and body (status 0 when the connection failed). */
export function post(
  port: number,
  webhook: Webhook,
  agent?: http.Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: webhook.path,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(webhook.body),
          "x-twilio-signature": webhook.signature,
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", () => resolve({ status: 0, body: "" }));
    request.end(webhook.body);
  });
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Drives sessions against a server for `seconds` or until every session is done. `rate` > 0: open loop
 * at that many webhooks per second (late ones count from when they were due); 0: as fast as `concurrency`
 * allows.
 */
export async function drive(options: {
  port: number;
  seconds: number;
  rate: number;
  concurrency: number;
  sessions: Session[];
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const idle = [...options.sessions];
  const result: LoadResult = { requests: 0, errors: 0, calls: 0, seconds: 0, latencies: {} };
  let inFlight = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const due: number[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  const send = (dueAt: number): boolean => {
    let session: Session | undefined;
    let webhook: Webhook | null = null;
    while (!webhook && (session = idle.shift())) webhook = session.next();
    if (!session || !webhook) return false;
    const turn = webhook;
    const caller = session;
    inFlight++;
    void post(options.port, turn, agent).then(({ status, body }) => {
      inFlight--;
      result.requests++;
      (result.latencies[turn.kind] ??= []).push(performance.now() - dueAt);
      if (!ok(status)) result.errors++;
      else if (turn.last) result.calls++;
      caller.answered(ok(status), body);
      idle.push(caller);
      pump();
    });
    return true;
  };

  let stopped = false;
  const pump = () => {
    const now = performance.now();
    if (now < end) {
      if (options.rate === 0) while (inFlight < options.concurrency && send(now));
      else while (due.length && inFlight < options.concurrency && send(due[0] as number)) due.shift();
    }
    const exhausted = idle.length === 0 || (options.rate === 0 && inFlight === 0);
    if (!stopped && inFlight === 0 && (now >= end || exhausted)) {
      stopped = true;
      finish();
    }
  };

  let timer: NodeJS.Timeout | undefined;
  if (options.rate > 0) {
    let sent = 0;
    timer = setInterval(() => {
      const now = performance.now();
      const shouldHave = Math.floor(((Math.min(now, end) - started) / 1000) * options.rate);
      for (; sent < shouldHave; sent++) due.push(started + (sent * 1000) / options.rate);
      pump();
    }, 1);
  } else pump();
  await done;
  clearInterval(timer);
  agent.destroy();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
