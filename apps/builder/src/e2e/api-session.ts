import type { BrowserContext } from "playwright-core";

/**
 * A person talking to the API the way the builder does (same-origin POSTs with the Origin header, the
 * session cookie), for setting up browser tests through the product's own procedures.
 */
export class ApiSession {
  private cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!.trim(), value.join("="));
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private async call<T>(procedure: string, init: RequestInit, url: string): Promise<T> {
    const response = await fetch(url, {
      ...init,
      headers: { origin: this.base, cookie: this.cookieHeader(), ...(init.headers ?? {}) },
    });
    this.remember(response);
    const text = await response.text();
    if (!response.ok) throw new Error(`${procedure}: ${response.status} ${text}`);
    return (JSON.parse(text) as { result: { data: T } }).result.data;
  }

  mutate<T = unknown>(procedure: string, input?: unknown): Promise<T> {
    return this.call<T>(
      procedure,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input ?? null),
      },
      `${this.base}/trpc/${procedure}`,
    );
  }

  query<T = unknown>(procedure: string, input?: unknown): Promise<T> {
    const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return this.call<T>(procedure, { method: "GET" }, `${this.base}/trpc/${procedure}${search}`);
  }

  /** Hands this person's session to a browser context: the tab is signed in as them. */
  async signInBrowser(context: BrowserContext): Promise<void> {
    const url = new URL(this.base);
    await context.addCookies(
      [...this.cookies].map(([name, value]) => ({
        name,
        value,
        domain: url.hostname,
        path: "/",
        httpOnly: true,
        sameSite: "Lax" as const,
      })),
    );
  }
}

const TOKEN = /[?&]token=([\w-]+)/;

/**
 * Signs a person up through the product: a new workspace's owner, or someone invited (the token from the
 * invitation mail, which signs them in at once); a new owner's sign-up mail link confirms the account.
 */
export async function signUp(
  base: string,
  waitForMail: (to: string) => Promise<{ text: string }>,
  person: { email: string; name: string; password: string },
  join: { workspaceName: string } | { invitationToken: string },
): Promise<ApiSession> {
  const session = new ApiSession(base);
  const result = await session.mutate<{ status: string }>("auth.signUp", { ...person, ...join });
  // Joining by invitation signs in at once: the invitation mail already proved the address.
  if (result.status === "signed-in") return session;
  const mail = await waitForMail(person.email);
  const token = TOKEN.exec(mail.text)?.[1];
  if (!token) throw new Error(`no sign-up link in: ${mail.text}`);
  await session.mutate("auth.confirmSignUp", { token });
  return session;
}
