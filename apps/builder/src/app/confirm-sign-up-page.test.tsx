// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CheckEmail } from "./check-email.tsx";
import { ConfirmSignUpPage } from "./confirm-sign-up-page.tsx";

afterEach(cleanup);

describe("sign-up confirmation screens", () => {
  it("a link without its token asks for the whole link, sends nothing, and offers sign-up again", () => {
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <ConfirmSignUpPage token={null} />
      </QueryClientProvider>,
    );
    screen.getByRole("heading", { name: "This link is incomplete" });
    expect(client.getMutationCache().getAll()).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    expect(location.pathname).toBe("/sign-up");
  });

  it("after Create account, names the address and the link's lifetime, and leads back to sign in", () => {
    let back = 0;
    render(<CheckEmail email="dana@example.com" onBack={() => back++} />);
    expect(screen.getByRole("region", { name: "Check your email" }).textContent).toContain(
      "We sent a link to dana@example.com to finish creating your account. The link works for 24 hours.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Back to sign in" }));
    expect(back).toBe(1);
  });
});
