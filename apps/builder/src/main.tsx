import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { StartPage } from "./start-page.tsx";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StartPage />
  </StrictMode>,
);
