import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "workqueue",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
