import type { FastifyInstance } from "fastify";
import type { Db } from "@ringflow/db";
import type { FlowResolver } from "../../calls/resolve-flow.ts";
import type { HttpExecutor } from "../../http/executor.ts";

export interface SimulatorDeps {
  db: Db;
  flows: FlowResolver;
  executor: HttpExecutor;
}

export async function simulatorRoutes(_app: FastifyInstance, _deps: SimulatorDeps): Promise<void> {}
