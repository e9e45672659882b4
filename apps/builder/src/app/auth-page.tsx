import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc, type RouterInputs } from "../api/trpc.ts";

/** Sign in, or create an account with its own workspace. */
export function AuthPage() {
  const [mode, setMode] = useState<"signIn" | "signUp">("signIn");
  const client = useQueryClient();
  const done = () => client.invalidateQueries();
  const signIn = useMutation({
    mutationFn: (input: RouterInputs["auth"]["signIn"]) => trpc.auth.signIn.mutate(input),
    onSuccess: done,
  });
  const signUp = useMutation({
    mutationFn: (input: RouterInputs["auth"]["signUp"]) => trpc.auth.signUp.mutate(input),
    onSuccess: done,
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

  return (
    <main className="auth">
      <div className="auth-card">
        <h1>Ringflow</h1>
        <p className="muted">Design, test and publish your phone menus.</p>
        <div className="tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === "signIn"}
            onClick={() => setMode("signIn")}
          >
            Sign in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === "signUp"}
            onClick={() => setMode("signUp")}
          >
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
      </div>
    </main>
  );
}
