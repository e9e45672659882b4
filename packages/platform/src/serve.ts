type Listening = {
  listen(options: { port: number; host: string }): Promise<unknown>;
  close(): Promise<unknown>;
};

/** Listens, and on SIGINT/SIGTERM closes the server, then every other resource, then exits. */
export async function serveUntilSignal(
  app: Listening,
  options: { port: number; host: string },
  closers: (() => Promise<unknown>)[],
) {
  await app.listen(options);
  const shutdown = async () => {
    await app.close();
    await Promise.allSettled(closers.map((close) => close()));
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
