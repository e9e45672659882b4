import Ari, { type Client } from "ari-client";
import { afterEach } from "vitest";
import { startFakeAri, type FakeAri } from "./index.ts";

export type AriEvent = { type: string; [key: string]: unknown };

/** A connected ari-client with every event it received, and a way to wait for the next one that matches. */
export async function connect(fake: FakeAri, app: string | string[], subscribeAll = false) {
  const client: Client = await Ari.connect(fake.url, fake.username, fake.password);
  const received: AriEvent[] = [];
  const waiters: { match: (e: AriEvent) => boolean; resolve: (e: AriEvent) => void }[] = [];
  client.on(
    "*" as never,
    ((event: AriEvent) => {
      received.push(event);
      for (const waiter of [...waiters])
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
    }) as never,
  );
  await client.start(app, subscribeAll);
  clients.push(client);
  /** The first event of that type (already received after `since`, or still to come) that matches. */
  const next = (type: string, match: (e: AriEvent) => boolean = () => true, since = 0) => {
    const seen = received.slice(since).find((e) => e.type === type && match(e));
    if (seen) return Promise.resolve(seen);
    return new Promise<AriEvent>((resolve) =>
      waiters.push({ match: (e) => e.type === type && match(e), resolve }),
    );
  };
  return { client, received, next };
}

export const channelOf = (e: AriEvent) =>
  e.channel as { id: string; state: string; caller: { number: string } };

const clients: Client[] = [];
let fake: FakeAri | undefined;

/** Registers the cleanup of every client and fake a test file starts. */
export function closeAfterEach() {
  afterEach(async () => {
    for (const client of clients.splice(0)) client.stop();
    await fake?.close();
    fake = undefined;
  });
}

/** A fake Asterisk with a connected ari-client on one app. */
export async function started(app = "ringflow", options: Parameters<typeof startFakeAri>[0] = {}) {
  fake = await startFakeAri({ app, ...options });
  return { fake, ...(await connect(fake, app)) };
}
