import { MailCheck } from "lucide-react";

/** After "Create account": nothing exists until the link in the mail is opened. */
export function CheckEmail({ email, onBack }: { email: string; onBack: () => void }) {
  return (
    <section className="stack" aria-labelledby="check-email-title">
      <MailCheck size={40} color="var(--accent)" aria-hidden />
      <h2 id="check-email-title">Check your email</h2>
      <p>
        We sent a link to <strong>{email}</strong> to finish creating your account. The link works for 24
        hours.
      </p>
      <p className="muted">
        No email after a few minutes? Look in your spam or junk folder, or check that the address is spelled
        right.
      </p>
      <button type="button" className="primary" onClick={onBack}>
        Back to sign in
      </button>
    </section>
  );
}
