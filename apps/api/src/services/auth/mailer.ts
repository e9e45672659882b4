import { z } from "zod";
import type { Logger } from "@ringflow/platform";

export const mailSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });
export type Mail = z.infer<typeof mailSchema>;

/** How the API reaches a mailbox; sign-up proves an address by what only its owner receives. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Until a mail provider is configured, messages go to the server's log, where a developer running the
 * API by hand reads the confirmation link. The log then holds sign-up links: a real deployment must
 * hand buildApiServer a mailer that delivers (none is built yet; SMTP is still to come).
 */
export function logMailer(logger: Pick<Logger, "info">): Mailer {
  return {
    send: async (mail) => void logger.info({ mail }, `mail to ${mail.to}: ${mail.subject}`),
  };
}
