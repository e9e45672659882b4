import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Logger } from "@ringflow/platform";
import { mailSchema, type Mailer } from "./mailer.ts";

/** One file of the outbox: the mail and when it was sent. */
export const outboxMailSchema = mailSchema.extend({ at: z.iso.datetime() });
export type OutboxMail = z.infer<typeof outboxMailSchema>;

/**
 * Development and tests (MAIL_OUTBOX_DIR): each mail becomes a JSON file in `dir`, named so that the
 * names sort in sending order. The log names the file but not the text, which holds sign-up links.
 */
export function outboxMailer(dir: string, logger: Pick<Logger, "info">): Mailer {
  // Keeps two mails of the same millisecond in order.
  let sent = 0;
  return {
    send: async (mail) => {
      const at = new Date().toISOString();
      const file = path.join(
        dir,
        `${at.replace(/[:.]/g, "-")}-${String(++sent).padStart(6, "0")}-${randomBytes(4).toString("hex")}.json`,
      );
      const content: OutboxMail = { ...mailSchema.parse(mail), at };
      await mkdir(dir, { recursive: true });
      // Written aside, then renamed: whoever reads the outbox never sees half a mail.
      await writeFile(`${file}.partial`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      await rename(`${file}.partial`, file);
      logger.info({ to: mail.to, file }, `mail to ${mail.to}: ${mail.subject} (written to ${file})`);
    },
  };
}

/** The outbox's mails, oldest first; none when the directory does not exist yet. */
export async function readOutbox(dir: string): Promise<OutboxMail[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files = names.filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    files.map(async (name) =>
      outboxMailSchema.parse(JSON.parse(await readFile(path.join(dir, name), "utf8"))),
    ),
  );
}
