/**
 * Ingest benchmark (issue #7): read + validate + normalise of generated CycloneDX 1.6 JSON SBOMs.
 *
 * - 10,000 components: readSbom vs the floor `JSON.parse` of the same text (target ≤ 4×), and vs ajv with the
 *   unmodified official 1.6 schema (`uniqueItems` kept; target ≥ 100× faster), measured for real at 10k, once.
 * - 100,000 components (~100 MB with these realistic fields): time and peak memory of one ingest, measured in a
 *   fresh child process (peak RSS from `process.resourceUsage().maxRSS`, so generation does not count).
 *
 * Prints Markdown. Environment: QMSKIT_BENCH_OFFICIAL_N (default 10000) sets the size of the official-schema
 * run; QMSKIT_BENCH_BIG_N (default 100000) the size of the memory run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSbom } from "../src/index.js";
import { compiledValidator } from "../src/validate.js";
import { generateCycloneDx } from "./ingest-fixture.js";

/** Median wall time and median process CPU time (user + system) of `runs` calls, in ms. */
function median(fn: () => void, runs = 7): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const mid = Math.floor(runs / 2);
  return { wall: wall[mid]!, cpu: cpu[mid]! };
}

const ms = (t: number): string => (t >= 1000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(0)} ms`);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Child mode: one ingest of the file given on the command line, memory measured around it. */
function child(file: string): void {
  // Compile the validator first (once per process, cached) so that it counts in neither time nor growth.
  readSbom(JSON.stringify(generateCycloneDx(10)));
  const bytes = readFileSync(file);
  (globalThis as { gc?: () => void }).gc?.();
  const baseRss = process.memoryUsage().rss;
  const baseMaxRss = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  const result = readSbom(bytes);
  const time = performance.now() - t0;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      time,
      valid: result.valid,
      components: result.sbom.components.length,
      fileBytes: bytes.length,
      baseRss,
      baseMaxRss,
      peakRss,
      heapUsedAfter: process.memoryUsage().heapUsed,
    }),
  );
}

function main(): void {
  const rows: string[] = [];
  // --- 10,000 components
  const n = 10_000;
  const text = JSON.stringify(generateCycloneDx(n));
  const tCompile0 = performance.now();
  const first = readSbom(text); // compiles the 1.6 validator (once, cached)
  const firstTime = performance.now() - tCompile0;
  if (first.valid !== true || first.sbom.components.length < n)
    throw new Error("generated SBOM did not ingest as valid");
  for (let i = 0; i < 3; i++) readSbom(text);
  // Interleave the two measurements so that machine load affects both alike; report wall and CPU time (the
  // shared CI-class machine is often loaded, and CPU time is what the neighbours disturb least).
  const parse: { wall: number; cpu: number }[] = [];
  const ingest: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) {
    parse.push(median(() => JSON.parse(text), 3));
    ingest.push(median(() => readSbom(text), 3));
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const parseMs = mid(parse.map((x) => x.wall));
  const ingestMs = mid(ingest.map((x) => x.wall));
  const parseCpu = mid(parse.map((x) => x.cpu));
  const ingestCpu = mid(ingest.map((x) => x.cpu));
  rows.push(
    `| @qmskit/sbom | ingest 10k CycloneDX 1.6 (${mb(text.length)}): readSbom (read + validate + normalise) vs JSON.parse | ≤ 4× | wall ${ms(ingestMs)} vs ${ms(parseMs)} = **${(ingestMs / parseMs).toFixed(2)}×**; CPU ${ms(ingestCpu)} vs ${ms(parseCpu)} = **${(ingestCpu / parseCpu).toFixed(2)}×** (first call incl. schema compile: ${ms(firstTime)}) | \`npm run bench -- ingest\` |`,
  );

  // --- ajv with the unmodified official schema (uniqueItems kept), once.
  const officialN = Number(process.env.QMSKIT_BENCH_OFFICIAL_N ?? 10_000);
  const officialDoc = officialN === n ? JSON.parse(text) : generateCycloneDx(officialN);
  const official = compiledValidator("cyclonedx-1.6", { official: true });
  const cOff0 = process.cpuUsage();
  const tOff0 = performance.now();
  const officialValid = official(officialDoc);
  const officialMs = performance.now() - tOff0;
  const cOff = process.cpuUsage(cOff0);
  const officialCpu = (cOff.user + cOff.system) / 1000;
  const atN =
    officialN === n
      ? { wall: ingestMs, cpu: ingestCpu }
      : median(() => readSbom(JSON.stringify(officialDoc)), 3);
  rows.push(
    `| @qmskit/sbom | ajv + unmodified official 1.6 schema (uniqueItems kept), ${officialN} components, one run (valid: ${officialValid}) vs readSbom | ≥ 100× faster | CPU ${ms(officialCpu)} vs ${ms(atN.cpu)} = **${(officialCpu / atN.cpu).toFixed(0)}×**; wall ${ms(officialMs)} vs ${ms(atN.wall)} = ${(officialMs / atN.wall).toFixed(0)}× | \`npm run bench -- ingest\` |`,
  );

  // --- 100,000 components in a fresh process
  const bigN = Number(process.env.QMSKIT_BENCH_BIG_N ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "qmskit-sbom-bench-"));
  try {
    const file = join(dir, "big.cdx.json");
    writeFileSync(file, JSON.stringify(generateCycloneDx(bigN)));
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "--expose-gc", fileURLToPath(import.meta.url), "--child", file],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout) as {
      time: number;
      valid: boolean;
      components: number;
      fileBytes: number;
      baseRss: number;
      baseMaxRss: number;
      peakRss: number;
    };
    const delta = m.peakRss - m.baseRss;
    rows.push(
      `| @qmskit/sbom | ingest ${bigN / 1000}k CycloneDX 1.6 (${mb(m.fileBytes)}, valid: ${m.valid}, ${m.components} components): peak memory | < 10× file size | ${ms(m.time)}; peak RSS ${mb(m.peakRss)} = **${(m.peakRss / m.fileBytes).toFixed(1)}×** file (growth during ingest ${mb(delta)} = ${(delta / m.fileBytes).toFixed(1)}×) | \`npm run bench -- ingest\` |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log("| package | benchmark | target | result | command |");
  console.log("| ------- | --------- | ------ | ------ | ------- |");
  for (const row of rows) console.log(row);
}

const childIndex = process.argv.indexOf("--child");
if (childIndex >= 0) child(process.argv[childIndex + 1]!);
else main();
