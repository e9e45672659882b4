import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import { queryClient } from "./api/trpc.ts";
import { App } from "./app/app.tsx";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
const bench = new URLSearchParams(location.search).get("bench");

if (bench) {
  // The browser benchmark: a generated flow in the editor, with no API behind it.
  void import("./bench/bench-page.tsx").then(({ BenchPage }) =>
    root.render(<BenchPage nodes={Number(bench)} />),
  );
} else {
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
