import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc, type RouterInputs } from "../api/trpc.ts";
import { AuthCard } from "./auth-card.tsx";
import { CheckEmail } from "./check-email.tsx";

type Mode = "signIn" | "signUp";

/** Sign in, or create an account with its own workspace (finished by the link the API mails). */
export function AuthPage({ initialMode = "signIn" }: { initialMode?: Mode }) {
  const [mode, setMode] = useState<Mode>(initialMode);
  const client = useQueryClient();
  const done = () => client.invalidateQueries();
  const signIn = useMutation({
    mutationFn: (input: RouterInputs["auth"]["signIn"]) => trpc.auth.signIn.mutate(input),
    onSuccess: done,
  });
  const signUp = useMutation({
    mutationFn: (input: RouterInputs["auth"]["signUp"]) => trpc.auth.signUp.mutate(input),
    // An invitation signs in at once; a new workspace waits for the mailed link.
    onSuccess: (result) => (result.status === "signed-in" ? done() : undefined),
  });
  const pending = signIn.isPending || signUp.isPending;
  const error = mode === "signIn" ? signIn.error : signUp.error;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    if (mode === "signIn") signIn.mutate({ email: value("email"), password: value("password") });
    else
      signUp.mutate({
        name: value("name"),
        email: value("email"),
        password: value("password"),
        workspaceName: value("workspaceName"),
      });
  };

  if (signUp.data?.status === "confirmation-sent")
    return (
      <AuthCard>
        <CheckEmail
          email={signUp.data.email}
          onBack={() => {
            signUp.reset();
            setMode("signIn");
          }}
        />
      </AuthCard>
    );

  return (
    <AuthCard>
      <p className="muted">Design, test and publish your phone menus.</p>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === "signIn"} onClick={() => setMode("signIn")}>
          Sign in
        </button>
        <button type="button" role="tab" aria-selected={mode === "signUp"} onClick={() => setMode("signUp")}>
          Create an account
        </button>
      </div>
      <form onSubmit={submit} className="stack">
        {mode === "signUp" && (
          <label>
            Your name
            <input name="name" autoComplete="name" required />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === "signIn" ? "current-password" : "new-password"}
            minLength={mode === "signUp" ? 10 : undefined}
            required
          />
          {mode === "signUp" && <small className="muted">At least 10 characters.</small>}
        </label>
        {mode === "signUp" && (
          <label>
            Company or team name
            <input name="workspaceName" required placeholder="Acme Support" />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Please wait…" : mode === "signIn" ? "Sign in" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}
