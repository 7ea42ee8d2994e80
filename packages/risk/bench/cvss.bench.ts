/**
 * CVSS throughput: @qmskit/risk vs ae-cvss-calculator (the only npm library that matched every reference
 * vector), on the same vectors in one run: all 12,592 v3.1 reference vectors and the 11,964 v4.0 vectors
 * of the random, threat, security, supplemental, simple and macro files (the 104,976 all-base file is left
 * out to keep the peer's run short). Each side: one warm-up pass, then the median of 5 timed passes.
 * Prints Markdown. Run: `npm run bench` in packages/risk.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ae from "ae-cvss-calculator";
import { scoreCvss } from "../src/index.js";

const dir = fileURLToPath(new URL("../../../../shared/conformance/cvss/", import.meta.url));
const vectorsOf = (file: string): string[] =>
  readFileSync(dir + file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const m = /'vector': '([^']+)'/.exec(l);
      return m ? m[1]! : l.slice(0, l.indexOf(" - "));
    });

const v31 = ["upstream-redhat-cvss/vectors_simple31", "generated/ref_random31_10k.txt"].flatMap(vectorsOf);
const v40 = [
  "generated/ref_random40_10k.txt",
  "upstream-redhat-cvss/vectors_simple4",
  "upstream-redhat-cvss/vectors_threat4",
  "upstream-redhat-cvss/vectors_security4",
  "upstream-redhat-cvss/vectors_supplemental4",
  "upstream-first-cvss-resources/macro-scores",
].flatMap(vectorsOf);

const { Cvss3P1, Cvss4P0 } = ae as unknown as {
  Cvss3P1: new (
    v: string,
  ) => { calculateScores(): { base: number; temporal?: number; environmental?: number } };
  Cvss4P0: new (v: string) => { calculateScores(): { overall: number } };
};

let sink = 0;
function pass(vectors: readonly string[], score: (v: string) => number): number {
  const t0 = process.hrtime.bigint();
  for (const v of vectors) sink += score(v);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
function throughput(vectors: readonly string[], score: (v: string) => number, passes = 5): number {
  pass(vectors, score);
  const times = Array.from({ length: passes }, () => pass(vectors, score)).sort((a, b) => a - b);
  return vectors.length / times[Math.floor(passes / 2)]!;
}

const ours31 = (v: string) => {
  const s = scoreCvss(v);
  return s.version === "3.1" ? s.environmentalScore : Number.NaN;
};
const ours40 = (v: string) => {
  const s = scoreCvss(v);
  return s.version === "4.0" ? s.score : Number.NaN;
};
const peer31 = (v: string) => {
  const s = new Cvss3P1(v).calculateScores();
  return s.environmental ?? s.temporal ?? s.base;
};
const peer40 = (v: string) => new Cvss4P0(v).calculateScores().overall;

// Both libraries must agree before their speed is compared.
// (3.1: every score ae computes; ae leaves T and E undefined when the vector has no such metrics, while
// the specification's environmental equation still applies, e.g. 7.2 → 7.1 for some scope-changed vectors.)
const disagree31 = v31.filter((v) => {
  const o = scoreCvss(v);
  const p = new Cvss3P1(v).calculateScores();
  return (
    o.version !== "3.1" ||
    o.baseScore !== p.base ||
    (p.temporal !== undefined && o.temporalScore !== p.temporal) ||
    (p.environmental !== undefined && o.environmentalScore !== p.environmental)
  );
}).length;
const disagree40 = v40.filter((v) => ours40(v) !== peer40(v)).length;

const rows = [
  ["CVSS 3.1", v31.length, throughput(v31, ours31), throughput(v31, peer31), 3, disagree31],
  ["CVSS 4.0", v40.length, throughput(v40, ours40, 5), throughput(v40, peer40, 3), 20, disagree40],
] as const;

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(
  "| version | vectors | @qmskit/risk vec/s | ae-cvss-calculator 1.0.13 vec/s | ratio | target | disagreements |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [name, n, ours, peer, target, dis] of rows) {
  const ratio = ours / peer;
  console.log(
    `| ${name} | ${n} | ${fmt(ours)} | ${fmt(peer)} | ${ratio.toFixed(1)}× | ≥ ${target}× ${ratio >= target ? "✓" : "✗"} | ${dis} |`,
  );
}
if (Number.isNaN(sink)) console.log("(sink)");
