// The yardstick of the webhook benchmark: a hand-written Express + twilio server answering the benchmark
// flow's webhooks (bench-flow.ts) with the same TwiML as the runtime, byte for byte: the voice webhook, the
// menu's gathers and the status callback. It checks signatures and keeps live calls in a Map; no database,
// no Redis, no flow engine.
import express, { type Request, type Response } from "express";
import twilio from "twilio";

const port = Number(process.env.PORT ?? 0);
const publicUrl = process.env.PUBLIC_URL as string;
const authToken = process.env.AUTH_TOKEN as string;

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

const live = new Map<string, { turn: number }>();

function signed(req: Request, res: Response): Record<string, string> | null {
  const params = req.body as Record<string, string>;
  const valid = twilio.validateRequest(
    authToken,
    req.header("x-twilio-signature") ?? "",
    publicUrl + req.originalUrl,
    params,
  );
  if (valid) return params;
  res.status(403).type("text/plain").send("invalid signature");
  return null;
}

function menu(response: VoiceResponse, turn: number): void {
  const action = `${publicUrl}/twilio/gather?turn=${turn}`;
  const gather = response.gather({
    input: ["dtmf"],
    action,
    method: "POST",
    timeout: 5,
    language: "en-US",
    actionOnEmptyResult: false,
    numDigits: 1,
  });
  gather.say({ language: "en-US" }, "For sales, press 1. For support, press 2.");
  response.redirect({ method: "POST" }, `${action}&noInput=1`);
}

const app = express();
app.use(express.urlencoded({ extended: false }));

app.post("/twilio/voice", (req, res) => {
  const params = signed(req, res);
  if (!params) return;
  const response = new twilio.twiml.VoiceResponse();
  live.set(params.CallSid as string, { turn: 1 });
  menu(response, 1);
  res.type("text/xml").send(response.toString());
});

app.post("/twilio/gather", (req, res) => {
  const params = signed(req, res);
  if (!params) return;
  const call = live.get(params.CallSid as string);
  const response = new twilio.twiml.VoiceResponse();
  if (call && params.Digits === "1") {
    call.turn = Number(req.query.turn) + 1;
    response.say({ language: "en-US" }, "You chose sales.");
    menu(response, call.turn);
  } else response.hangup();
  res.type("text/xml").send(response.toString());
});

app.post("/twilio/status", (req, res) => {
  const params = signed(req, res);
  if (!params) return;
  if (params.CallStatus === "completed") live.delete(params.CallSid as string);
  res.status(204).send();
});

app.get("/", (_req, res) => {
  res.send("ok");
});
app.listen(port, "127.0.0.1");
