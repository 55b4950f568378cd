import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "kube",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
