export type { AppRouter } from "./routers/_app.ts";
