import { defineConfig } from "drizzle-kit";

// Generates migrations/postgres from the schema: `pnpm run db:generate`. Runtime never reads this file.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema-postgres.ts",
  out: "./migrations/postgres",
  breakpoints: true,
});
