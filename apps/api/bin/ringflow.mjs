#!/usr/bin/env node
// The `ringflow` administration command. Runs the TypeScript sources through tsx, like the services do.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
