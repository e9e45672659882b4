import twilio from "twilio";
import RequestClient from "twilio/lib/base/RequestClient.js";
import { openCredentials, type Db } from "@ringflow/db";

/** Sends Twilio's REST calls to another base URL (a fake Twilio in tests); production keeps api.twilio.com. */
class RebasedRequestClient extends RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    super();
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = options.uri?.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.baseUrl);
    return super.request<TData>({ ...options, uri } as RequestClient.RequestOptions<TData>);
  }
}

export type TwilioRestClient = ReturnType<typeof twilio>;

/** A REST client for one tenant's Twilio account, its auth token opened from the sealed credentials. */
export async function twilioClientFor(
  db: Db,
  tenantId: string,
  providerAccountId: string,
  baseUrl: string,
): Promise<TwilioRestClient> {
  const row = await db.providerAccount.findFirst({
    where: { id: providerAccountId, tenantId, kind: "TWILIO" },
  });
  if (!row) throw new Error(`Twilio account ${providerAccountId} not found`);
  const { accountSid, authToken } = openCredentials<{ accountSid: string; authToken: string }>(row);
  const rebased = !baseUrl.startsWith("https://api.twilio.com");
  return twilio(accountSid, authToken, rebased ? { httpClient: new RebasedRequestClient(baseUrl) } : {});
}
