import http from "node:http";
import { percentile, post, sortedCopy, type Webhook } from "./load.ts";
import { newCallSid, statusWebhook, voiceWebhook, type TwilioLine } from "./twilio-caller.ts";

/** Ends calls (untimed), so they do not stay live in the later phases. */
async function hangUp(port: number, line: TwilioLine, callSids: string[], agent: http.Agent): Promise<void> {
  await Promise.all(callSids.map((sid) => post(port, statusWebhook(line, sid), agent)));
}

/**
 * `size` voice webhooks of fresh calls fired at once, `rounds` times: each answer's time from the moment the
 * round was fired. The webhooks are signed beforehand so signing does not count.
 */
export async function simultaneousStarts(port: number, line: TwilioLine, size: number, rounds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: size });
  const latencies: number[] = [];
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    const sids = Array.from({ length: size }, newCallSid);
    const webhooks = sids.map((sid) => voiceWebhook(line, sid));
    const fired = performance.now();
    await Promise.all(
      webhooks.map((w) =>
        post(port, w, agent).then(({ status }) => {
          latencies.push(performance.now() - fired);
          if (status !== 200) errors++;
        }),
      ),
    );
    await hangUp(port, line, sids, agent);
  }
  agent.destroy();
  const sorted = sortedCopy(latencies);
  return { count: sorted.length, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** `count` voice webhooks one after another (one connection): the unloaded answer time of a call start. */
export async function sequentialStarts(port: number, line: TwilioLine, count: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const sids: string[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const sid = newCallSid();
    const webhook: Webhook = voiceWebhook(line, sid);
    const started = performance.now();
    const { status } = await post(port, webhook, agent);
    latencies.push(performance.now() - started);
    if (status !== 200) errors++;
    sids.push(sid);
  }
  await hangUp(port, line, sids, agent);
  agent.destroy();
  const sorted = sortedCopy(latencies);
  return { count, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
