// The demo tenant (idempotent): `npm run db:seed`, run by `npm start` on every start.
import { createDb } from "@ringflow/db";
import { DEMO, seedDemo } from "../apps/api/src/services/demo/seed-demo.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL to the database to seed.");
const db = createDb(url, { max: 2 });
const result = await seedDemo(db);
console.log(
  result.created
    ? `Created the demo tenant (${DEMO.email} / ${DEMO.password}).`
    : "The demo tenant is already there.",
);
await db.$disconnect();
