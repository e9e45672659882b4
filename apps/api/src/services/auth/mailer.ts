import type { Logger } from "@ringflow/platform";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** How the API reaches a mailbox; sign-up proves an address by what only its owner receives. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Until a mail provider is configured, messages go to the server's log, where a developer running
 * `npm start` reads the confirmation link. A production deployment must hand buildApiServer a real one.
 */
export function logMailer(logger: Pick<Logger, "info">): Mailer {
  return {
    send: async (mail) => void logger.info({ mail }, `mail to ${mail.to}: ${mail.subject}`),
  };
}
