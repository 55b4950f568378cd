import { defineConfig } from "drizzle-kit";

// Generates migrations/sqlite from the schema: `pnpm run db:generate`. Runtime never reads this file.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema-sqlite.ts",
  out: "./migrations/sqlite",
  breakpoints: true,
});
