import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { errorCode, errorMessage, trpc, type RouterInputs } from "../api/trpc.ts";
import { AuthCard } from "./auth-card.tsx";
import { navigate } from "./router.ts";

/** `/sign-up/confirm?token=…`, the link from the confirmation mail: creates the account and signs in. */
export function ConfirmSignUpPage({ token }: { token: string | null }) {
  const client = useQueryClient();
  const confirm = useMutation({
    mutationFn: (input: RouterInputs["auth"]["confirmSignUp"]) => trpc.auth.confirmSignUp.mutate(input),
    onSuccess: async () => {
      await client.invalidateQueries();
      // Replace: the used link leaves the history, and Back does not try it again.
      navigate("/", { replace: true });
    },
  });
  // The link works once: the effect runs twice in development (StrictMode), the request only once.
  const sent = useRef<string | null>(null);
  const { mutate } = confirm;
  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    mutate({ token });
  }, [token, mutate]);

  if (!token)
    return (
      <LinkProblem title="This link is incomplete">
        Open the link from the email again. If you copied it, make sure you copied all of it.
      </LinkProblem>
    );
  if (confirm.error)
    return errorCode(confirm.error) === "NOT_FOUND" ? (
      <LinkProblem title="This link has expired or was already used">
        Links work once, for 24 hours. If you already opened it, your account is ready: sign in. Otherwise,
        create your account again and we will send a new link.
      </LinkProblem>
    ) : (
      <LinkProblem title="We could not finish creating your account" onRetry={() => mutate({ token })}>
        {errorMessage(confirm.error)}
      </LinkProblem>
    );
  return (
    <AuthCard>
      <p role="status">Creating your account…</p>
    </AuthCard>
  );
}

function LinkProblem({
  title,
  children,
  onRetry,
}: {
  title: string;
  children: string;
  onRetry?: () => void;
}) {
  return (
    <AuthCard>
      <section className="stack" aria-labelledby="link-problem-title">
        <h2 id="link-problem-title">{title}</h2>
        <p role="alert">{children}</p>
        <div className="row">
          {onRetry && (
            <button type="button" className="primary" onClick={onRetry}>
              Try again
            </button>
          )}
          <button type="button" className={onRetry ? "" : "primary"} onClick={() => navigate("/sign-up")}>
            Create an account
          </button>
          <button type="button" onClick={() => navigate("/")}>
            Sign in
          </button>
        </div>
      </section>
    </AuthCard>
  );
}
