// Writes crds/*.yaml from the compiled schemas. Run through `pnpm run crds` (which builds first).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCrds, renderCrdYaml } from "../dist/index.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "crds");
mkdirSync(out, { recursive: true });
for (const crd of generateCrds()) {
  writeFileSync(join(out, crd.file), renderCrdYaml(crd));
  process.stdout.write(`wrote crds/${crd.file}\n`);
}
