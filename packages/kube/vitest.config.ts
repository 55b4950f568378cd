import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  // The embedded API server is run from its sources, so these tests do not depend on its build state.
  resolve: {
    alias: {
      "@weft/local-cluster": fileURLToPath(new URL("../local-cluster/src/index.ts", import.meta.url)),
    },
  },
  test: {
    name: "kube",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
