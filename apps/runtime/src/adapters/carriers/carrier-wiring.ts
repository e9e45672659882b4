import type { FastifyInstance } from "fastify";
import type { Logger } from "@ringflow/platform";
import type { CallAdapter } from "../../calls/call-adapter.ts";
import type { CallSession } from "../../calls/call-session.ts";
import type { CommandTable } from "../../calls/command-table.ts";
import type { CarrierWebhooks } from "../twilio/carrier.ts";
import { twilioRoutes, type TwilioRouteDeps } from "../twilio/routes.ts";
import { twilioAdapter } from "../twilio/twilio-adapter.ts";
import type { Twiml } from "../twilio/twiml.ts";
import { TwilioUrls } from "../twilio/urls.ts";
import { signalWireCommands, telnyxSipAddress, texmlCommands } from "../twilio/dialects.ts";
import { signalWireWebhooks } from "./signalwire-webhooks.ts";
import { telnyxWebhooks } from "./telnyx-webhooks.ts";

const FORM = "application/x-www-form-urlencoded";

export interface CarrierWiringDeps extends Omit<TwilioRouteDeps, "carrier" | "session"> {
  logger: Logger;
  /** A call session on the shared call store answering in this adapter's words. */
  sessionWith(adapter: CallAdapter<string>): CallSession<string>;
}

/** The carriers that speak a TwiML dialect: their webhooks, signature checks and command tables. */
function dialects(deps: CarrierWiringDeps): {
  carrier: CarrierWebhooks;
  commands: CommandTable<Twiml>;
  sipAddressOf?: (identity: string) => string;
}[] {
  return [
    { carrier: signalWireWebhooks(deps.db), commands: signalWireCommands },
    { carrier: telnyxWebhooks(deps.db), commands: texmlCommands, sipAddressOf: telnyxSipAddress },
  ];
}

/**
 * SignalWire's and Telnyx's webhooks on the Twilio adapter's routes, each under its own prefix, with its own
 * signature check and dialect table; the call core, its store and its log are the same as Twilio's, so a
 * call continues on any runtime process whichever carrier carries it.
 */
export async function carrierRoutes(app: FastifyInstance, deps: CarrierWiringDeps): Promise<void> {
  for (const { carrier, commands, sipAddressOf } of dialects(deps)) {
    await app.register(async (scope) => {
      // The form as sent: Telnyx signs these bytes, so they are kept beside the parsed fields.
      scope.addContentTypeParser(FORM, { parseAs: "string" }, (request, body, done) => {
        const raw = body as string;
        request.rawBody = raw;
        done(null, Object.fromEntries(new URLSearchParams(raw)));
      });
      const urls = new TwilioUrls(deps.publicUrl, carrier.prefix);
      const adapter = twilioAdapter(
        { urls, holdMusicUrl: deps.holdMusicUrl, commands, ...(sipAddressOf ? { sipAddressOf } : {}) },
        null,
        deps.logger,
        null,
      );
      await twilioRoutes(scope, { ...deps, carrier, session: deps.sessionWith(adapter) });
    });
  }
}
