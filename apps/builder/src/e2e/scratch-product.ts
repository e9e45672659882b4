import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { createDb, type Db } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { startProduct, type Product } from "./product.ts";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";

/**
 * The product on a database and Redis key space of its own, with a signed-in tab of the demo workspace and a
 * client of that database: for tests whose product reads the whole deployment (the rollup job's minute, the
 * runtime's Asterisk connections), so other packages' tests running at the same time stay out of it. `env`: more
 * of the product's environment (where the carriers' REST APIs are).
 */
export async function startScratchProduct(
  label: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ product: Product; page: Page; db: Db; close(): Promise<void> }> {
  const scratch = await createScratchDatabase(`${label}_e2e`);
  let product: Product | undefined;
  const db = createDb(scratch.url, { max: 2 });
  const close = async () => {
    await product?.close();
    await db.$disconnect();
    await scratch.drop();
  };
  try {
    await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
    product = await startProduct({
      ...env,
      DATABASE_URL: scratch.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? ""}${label}-${randomBytes(3).toString("hex")}:`,
    });
    const page = await product.demoPage({ width: 1280, height: 720 });
    return { product, page, db, close };
  } catch (error) {
    await close();
    throw error;
  }
}
