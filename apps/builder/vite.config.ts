import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  // The build lists every lazily loaded icon chunk (over a thousand lines); warnings and errors still show.
  logLevel: process.env.VITE_LOG_LEVEL === "info" ? "info" : "warn",
  // The desktop's live feed is a WebSocket on the API (apps/api/src/realtime).
  server: { proxy: { "/trpc": api, "/health": api, "/phone-sounds": api, "/realtime": { target: api, ws: true } } },
  // The editor is one chunk by design and elkjs (1.4 MB) is loaded lazily on "Tidy up"; 500 kB would always warn.
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1500 },
});
