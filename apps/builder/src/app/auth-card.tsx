import type { ReactNode } from "react";

/** The frame of every signed-out screen: sign in, sign up, the confirmation link. */
export function AuthCard({ children }: { children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <h1>Ringflow</h1>
        {children}
      </div>
    </main>
  );
}
