import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cron",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests do real HTTP against the embedded API server: leave room for a loaded CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
