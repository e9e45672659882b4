// The yardstick of the webhook benchmark: a minimal hand-written Express + twilio handler answering the same
// menu turn (signature check, "You chose sales", the menu again). No database, no Redis, no flow.
import express from "express";
import twilio from "twilio";

const port = Number(process.env.PORT ?? 0);
const publicUrl = process.env.PUBLIC_URL as string;
const authToken = process.env.AUTH_TOKEN as string;

const app = express();
app.use(express.urlencoded({ extended: false }));
app.post("/twilio/gather", (req, res) => {
  const params = req.body as Record<string, string>;
  if (
    !twilio.validateRequest(
      authToken,
      req.header("x-twilio-signature") ?? "",
      publicUrl + req.originalUrl,
      params,
    )
  ) {
    res.status(403).send("invalid signature");
    return;
  }
  const turn = Number(req.query.turn ?? 0) + 1;
  const response = new twilio.twiml.VoiceResponse();
  if (params.Digits === "1") response.say({ language: "en-US" }, "You chose sales.");
  const gather = response.gather({
    input: ["dtmf"],
    action: `${publicUrl}/twilio/gather?turn=${turn}`,
    method: "POST",
    timeout: 5,
    numDigits: 1,
    language: "en-US",
    actionOnEmptyResult: false,
  });
  gather.say({ language: "en-US" }, "For sales, press 1. For support, press 2.");
  response.redirect({ method: "POST" }, `${publicUrl}/twilio/gather?turn=${turn}&noInput=1`);
  res.type("text/xml").send(response.toString());
});
app.listen(port, "127.0.0.1");
