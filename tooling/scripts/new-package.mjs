// Scaffolds a workspace package: node tooling/scripts/new-package.mjs <packages|apps>/<name> "<description>"
// Writes package.json, tsconfig.json, tsconfig.build.json, vitest.config.ts, src/index.ts and README.md.
// Run `pnpm install` afterwards so the workspace links it.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [where, description = ""] = process.argv.slice(2);
if (!where || !/^(packages|apps)\/[a-z][a-z0-9-]*$/.test(where)) {
  console.error('usage: node tooling/scripts/new-package.mjs <packages|apps>/<name> "<description>"');
  process.exit(2);
}
const root = new URL("../..", import.meta.url).pathname;
const dir = join(root, where);
if (existsSync(dir)) {
  console.error(`new-package: ${where} already exists`);
  process.exit(1);
}
const name = basename(where);
const write = (file, text) => {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
};

write(
  "package.json",
  `${JSON.stringify(
    {
      name: `@weft/${name}`,
      version: "0.1.0",
      description,
      license: "Apache-2.0",
      type: "module",
      sideEffects: false,
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
      files: ["dist", "!dist/**/*.test.*", "!dist/.tsbuildinfo"],
      engines: { node: ">=22.12.0" },
      scripts: {
        build: "tsc -p tsconfig.build.json",
        typecheck: "tsc -p tsconfig.json",
        lint: "biome check .",
        test: "vitest run --reporter=default --reporter=json --outputFile.json=.vitest/results.json",
      },
      devDependencies: {
        "@types/node": "catalog:",
        "@weft/tsconfig": "workspace:*",
        typescript: "catalog:",
        vitest: "catalog:",
      },
    },
    null,
    2,
  )}\n`,
);
write(
  "tsconfig.json",
  `{\n  "extends": "@weft/tsconfig/base.json",\n  "include": ["src", "test", "bench", "vitest.config.ts"]\n}\n`,
);
write("tsconfig.build.json", `{\n  "extends": "@weft/tsconfig/build.json"\n}\n`);
write(
  "vitest.config.ts",
  `import { defineProject } from "vitest/config";\n\nexport default defineProject({\n  test: {\n    name: "${name}",\n    include: ["src/**/*.test.ts", "test/**/*.test.ts"],\n  },\n});\n`,
);
write("src/index.ts", "export {};\n");
write("README.md", `# @weft/${name}\n\n${description}\n`);
console.log(`created ${where}; now run: pnpm install`);
