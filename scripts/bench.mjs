#!/usr/bin/env node
// Runs every `bench/*.bench.ts` of the current package, one after another, with tsx.
// Benchmarks print their results as Markdown so they can be pasted into docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const filter = process.argv[2];
const files = existsSync("bench")
  ? readdirSync("bench")
      .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
      .sort()
  : [];
if (files.length === 0) console.log("no benchmarks in this package");
let status = 0;
for (const file of files) {
  console.log(`\n### ${process.env.npm_package_name ?? ""} ${file}\n`);
  const r = spawnSync("npx", ["tsx", "--expose-gc", `bench/${file}`], { stdio: "inherit" });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
