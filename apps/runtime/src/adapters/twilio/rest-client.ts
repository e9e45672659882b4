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
    const uri = options.uri && rebaseTwilioUrl(options.uri, this.baseUrl);
    return super.request<TData>({ ...options, uri } as RequestClient.RequestOptions<TData>);
  }
}

/** A twilio.com URL on another base URL (a fake Twilio in tests); production keeps it as it is. */
export const rebaseTwilioUrl = (url: string, baseUrl: string) =>
  url.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, baseUrl.replace(/\/+$/, ""));

export type TwilioRestClient = ReturnType<typeof twilio>;

/** A REST client for one tenant's Twilio account, its auth token opened from the sealed credentials. */
export async function twilioClientFor(
  db: Db,
  tenantId: string,
  providerAccountId: string,
  baseUrl: string,
): Promise<TwilioRestClient> {
  const { accountSid, authToken } = await twilioAccountFor(db, tenantId, providerAccountId);
  const rebased = !baseUrl.startsWith("https://api.twilio.com");
  return twilio(accountSid, authToken, rebased ? { httpClient: new RebasedRequestClient(baseUrl) } : {});
}

/** One tenant's Twilio account SID and auth token, opened from the sealed credentials. */
export async function twilioAccountFor(db: Db, tenantId: string, providerAccountId: string) {
  const row = await db.providerAccount.findFirst({
    where: { id: providerAccountId, tenantId, kind: "TWILIO" },
  });
  if (!row) throw new Error(`Twilio account ${providerAccountId} not found`);
  return openCredentials<{ accountSid: string; authToken: string }>(row);
}
