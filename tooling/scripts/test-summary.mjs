// Sums the vitest JSON reports of every workspace package into one closing line:
//   N passed, N failed[, N skipped]
// Exits 1 when a report is missing for a package that has tests, when any test failed, or when none passed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
let reports = 0;

for (const group of ["packages", "apps", "tooling"]) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = join(dir, name, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    if (!pkg.scripts?.test) continue;
    const reportFile = join(dir, name, ".vitest", "results.json");
    if (!existsSync(reportFile)) {
      console.error(`test-summary: ${group}/${name} has a test script but wrote no report`);
      missing++;
      continue;
    }
    const r = JSON.parse(readFileSync(reportFile, "utf8"));
    reports++;
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.error(
      `test-summary: ${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
        (r.numFailedTestSuites ? `, ${r.numFailedTestSuites} suites failed` : ""),
    );
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(missing > 0 || failed > 0 || passed === 0 || reports === 0 ? 1 : 0);
