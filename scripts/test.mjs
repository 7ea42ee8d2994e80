#!/usr/bin/env node
// The README's test command: builds, type-checks, lints, tests and checks every package as published
// (through turbo), then prints one closing line with the real totals from each package's vitest JSON report.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dirs = ["packages", "examples"].flatMap((d) =>
  existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : [],
);
for (const dir of dirs) rmSync(join(dir, "test-results.json"), { force: true });

const tasks = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["build", "typecheck", "lint", "test", "lint:pkg"];
const turbo = spawnSync("npx", ["turbo", "run", ...tasks, "--continue", "--output-logs=new-only"], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const file = join(dir, "test-results.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // a suite that failed to load has no failed tests but must still count as a failure
  if (!report.success && (report.numFailedTests ?? 0) === 0)
    failed += Math.max(1, report.numFailedTestSuites ?? 1);
}
const status = turbo.status ?? 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
