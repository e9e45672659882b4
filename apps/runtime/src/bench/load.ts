import http from "node:http";

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Latencies in ms, measured from when each request was due (no coordinated omission). */
  latencies: number[];
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)
    : NaN;

/** One webhook to send: URL path, form body and signature. */
export interface Turn {
  path: string;
  body: string;
  signature: string;
}

/**
 * Drives calls against a server: each call sends its next turn only after the previous answer (as Twilio
 * does). `rate` > 0: open loop at that many requests per second; 0: as fast as `concurrency` allows.
 */
export async function drive(options: {
  port: number;
  seconds: number;
  rate: number;
  concurrency: number;
  sessions: { next(): Turn; answered(body: string): void }[];
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const idle = [...options.sessions];
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const due: number[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  const send = (dueAt: number): boolean => {
    const session = idle.shift();
    if (!session) return false;
    const turn = session.next();
    inFlight++;
    const settle = (ok: boolean, body: string) => {
      inFlight--;
      if (ok) session.answered(body);
      else errors++;
      latencies.push(performance.now() - dueAt);
      idle.push(session);
      pump();
    };
    const request = http.request(
      {
        agent,
        host: "127.0.0.1",
        port: options.port,
        method: "POST",
        path: turn.path,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(turn.body),
          "x-twilio-signature": turn.signature,
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => settle(response.statusCode === 200, body));
      },
    );
    request.on("error", () => settle(false, ""));
    request.end(turn.body);
    return true;
  };

  const pump = () => {
    const now = performance.now();
    if (options.rate === 0) {
      while (now < end && inFlight < options.concurrency && send(now));
    } else {
      while (due.length && inFlight < options.concurrency && send(due[0] as number)) due.shift();
    }
    if (now >= end && inFlight === 0) finish();
  };

  if (options.rate > 0) {
    let sent = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(timer);
        due.length = 0;
        pump();
        return;
      }
      const shouldHave = Math.floor(((now - started) / 1000) * options.rate);
      for (; sent < shouldHave; sent++) due.push(started + (sent * 1000) / options.rate);
      pump();
    }, 1);
  } else pump();
  await done;
  agent.destroy();
  return { requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}
