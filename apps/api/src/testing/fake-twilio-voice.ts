import { randomBytes } from "node:crypto";

/** What the fake Twilio keeps of an account's API keys and TwiML Apps (the Voice SDK's setup). */
export interface FakeVoiceSetup {
  keys: { sid: string; secret: string; friendlyName: string }[];
  applications: { sid: string; friendlyName: string; voiceUrl: string; statusCallback: string | null }[];
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Keys (create, delete) and Applications (create, fetch, update) of Twilio's 2010-04-01 API, answered with
 * the documented JSON. Returns false for any other request.
 */
export function answerVoiceSetup(
  accountSid: string,
  setup: FakeVoiceSetup,
  method: string,
  path: string,
  form: Record<string, string | string[]>,
  send: (status: number, json: unknown) => void,
): boolean {
  const base = `/2010-04-01/Accounts/${accountSid}`;
  const applicationJson = (app: FakeVoiceSetup["applications"][number]) => ({
    sid: app.sid,
    account_sid: accountSid,
    friendly_name: app.friendlyName,
    voice_url: app.voiceUrl,
    voice_method: "POST",
    status_callback: app.statusCallback,
    uri: `${base}/Applications/${app.sid}.json`,
  });
  if (method === "POST" && path === `${base}/Keys.json`) {
    const key = {
      sid: sid("SK"),
      secret: randomBytes(16).toString("hex"),
      friendlyName: one(form.FriendlyName) ?? "",
    };
    setup.keys.push(key);
    send(201, {
      sid: key.sid,
      secret: key.secret,
      friendly_name: key.friendlyName,
      date_created: new Date().toUTCString(),
    });
    return true;
  }
  const keyMatch = path.match(new RegExp(`^${base}/Keys/(SK\\w+)\\.json$`));
  if (method === "DELETE" && keyMatch) {
    setup.keys = setup.keys.filter((key) => key.sid !== keyMatch[1]);
    send(204, "");
    return true;
  }
  if (method === "POST" && path === `${base}/Applications.json`) {
    const app = {
      sid: sid("AP"),
      friendlyName: one(form.FriendlyName) ?? "",
      voiceUrl: one(form.VoiceUrl) ?? "",
      statusCallback: one(form.StatusCallback) ?? null,
    };
    setup.applications.push(app);
    send(201, applicationJson(app));
    return true;
  }
  const appMatch = path.match(new RegExp(`^${base}/Applications/(AP\\w+)\\.json$`));
  if (appMatch) {
    const app = setup.applications.find((a) => a.sid === appMatch[1]);
    if (!app) send(404, { code: 20404, message: "The requested resource was not found", status: 404 });
    else if (method === "GET") send(200, applicationJson(app));
    else if (method === "POST") {
      app.voiceUrl = one(form.VoiceUrl) ?? app.voiceUrl;
      app.statusCallback = one(form.StatusCallback) ?? app.statusCallback;
      send(200, applicationJson(app));
    } else return false;
    return true;
  }
  return false;
}
