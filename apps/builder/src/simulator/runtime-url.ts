/**
 * The simulator WebSocket's address from the runtime's base URL, which the API tells the builder
 * (`system.config`, from the API's RUNTIME_PUBLIC_URL or HOST and RUNTIME_PORT): the runtime may run on any port.
 */
export function simulatorUrl(runtimeUrl: string): string {
  const base = new URL(runtimeUrl);
  base.protocol = base.protocol === "https:" || base.protocol === "wss:" ? "wss:" : "ws:";
  base.pathname = `${base.pathname.replace(/\/$/, "")}/simulator`;
  return base.toString();
}

/** What the admin reads when the test call cannot connect: the address tried, and who can fix it. */
export function unreachableMessage(socketUrl: string): string {
  const { host } = new URL(socketUrl);
  return `The test call could not connect to Ringflow's call service at ${host}. It may be stopped, or running at another address. Ask the person who set up Ringflow to check it, then try again.`;
}
