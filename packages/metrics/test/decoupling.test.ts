import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const IMPORT = /(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("decoupling", () => {
  it("src imports neither @weft/workqueue nor @weft/retry (nor any other workspace package), not even types", () => {
    const offenders: string[] = [];
    for (const file of readdirSync(SRC)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const text = readFileSync(join(SRC, file), "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? "";
        if (specifier.startsWith("@weft/")) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the package manifest keeps them as devDependencies only", () => {
    const manifest = JSON.parse(readFileSync(join(SRC, "..", "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith("@weft/"))).toEqual([]);
    expect(manifest.devDependencies).toHaveProperty("@weft/workqueue");
    expect(manifest.devDependencies).toHaveProperty("@weft/retry");
  });
});
