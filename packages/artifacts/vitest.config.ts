import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "artifacts",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The radosgw start (about 13 s, plus apt-get on a fresh machine) happens in globalSetup, not in a test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
