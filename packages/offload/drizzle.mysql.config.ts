import { defineConfig } from "drizzle-kit";

// Generates migrations/mysql from the schema: `pnpm run db:generate`. Runtime never reads this file.
export default defineConfig({
  dialect: "mysql",
  schema: "./src/schema-mysql.ts",
  out: "./migrations/mysql",
  breakpoints: true,
});
