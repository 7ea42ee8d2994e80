/**
 * Benchmark (issue #8): matching 10,000 SBOM components against 50,000 generated OSV records costs at
 * most 50% on top of parsing those records' JSON (the floor), and grows linearly when both double.
 *
 * Floor: `JSON.parse` of every record's text (one text per record, as in an OSV directory or zip).
 * Matching: `buildAdvisoryIndex` over the parsed records + `matchComponents` (purl parsing, index
 * lookups, range compilation and evaluation). Schema validation (ajv + zod, `parseAdvisoryText`) is
 * measured separately for information: it is part of reading, not of matching.
 *
 * Times are process CPU time (the CI machine is shared), best of several runs.
 *
 * Run with `npm run bench` in packages/vuln (tsx). Prints Markdown.
 */
import {
  type Advisory,
  buildAdvisoryIndex,
  type MatchableComponent,
  matchComponents,
  parseAdvisoryText,
} from "../src/index.js";

/** Deterministic PRNG (mulberry32) so every run generates the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ECOSYSTEMS = [
  { eco: "npm", type: "SEMVER", purl: (n: string) => `pkg:npm/${n}`, name: (i: number) => `pkg-${i}` },
  {
    eco: "PyPI",
    type: "ECOSYSTEM",
    // OSV writes PyPI names normalised (PEP 503); SBOMs often keep the project's spelling
    purl: (n: string) => `pkg:pypi/${n.replace(/^py-pkg-/, "Py_Pkg.")}`,
    name: (i: number) => `py-pkg-${i}`,
  },
  {
    eco: "Maven",
    type: "ECOSYSTEM",
    purl: (n: string) => `pkg:maven/${n.replace(":", "/")}`,
    name: (i: number) => `org.example${i % 97}:artifact-${i}`,
  },
  {
    eco: "Go",
    type: "SEMVER",
    purl: (n: string) => `pkg:golang/${n}`,
    name: (i: number) => `github.com/example/mod${i}`,
  },
] as const;

interface Dataset {
  texts: string[];
  components: MatchableComponent[];
}

function generate(records: number, components: number, seed: number): Dataset {
  const r = rng(seed);
  const packages = Math.max(1, Math.floor(records / 5)); // about five advisories per package
  const ver = () => `${Math.floor(r() * 5)}.${Math.floor(r() * 20)}.${Math.floor(r() * 20)}`;
  const texts: string[] = [];
  for (let i = 0; i < records; i++) {
    const p = Math.floor(r() * packages);
    const e = ECOSYSTEMS[p % ECOSYSTEMS.length] as (typeof ECOSYSTEMS)[number];
    const name = e.name(p);
    const a = ver();
    const b = ver();
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const ranges = [{ type: e.type, events: [{ introduced: r() < 0.3 ? "0" : lo }, { fixed: hi }] }];
    if (r() < 0.3)
      ranges.push({ type: e.type, events: [{ introduced: "5.0.0" }, { last_affected: "5.2.1" }] as never });
    const id = `GHSA-${i.toString(36).padStart(4, "0")}-bench-${p}`;
    texts.push(
      JSON.stringify({
        schema_version: "1.6.0",
        id,
        modified: "2024-06-01T12:00:00Z",
        published: "2024-05-01T12:00:00Z",
        aliases: [`CVE-2024-${10000 + i}`],
        summary: `Prototype pollution in ${name}`,
        details: `A crafted input lets an attacker modify object prototypes in ${name} before ${hi}. `.repeat(
          4,
        ),
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
        affected: [
          {
            package: { ecosystem: e.eco, name, purl: e.purl(name) },
            ranges,
            database_specific: { source: "bench" },
          },
        ],
        references: [
          { type: "ADVISORY", url: `https://nvd.nist.gov/vuln/detail/CVE-2024-${10000 + i}` },
          { type: "PACKAGE", url: `https://example.com/${encodeURIComponent(name)}` },
        ],
        database_specific: { cwe_ids: ["CWE-1321"], severity: "HIGH", github_reviewed: true },
      }),
    );
  }
  const comps: MatchableComponent[] = [];
  for (let i = 0; i < components; i++) {
    // 80% of components are packages that have advisories, 20% are not in any advisory
    const p = r() < 0.8 ? Math.floor(r() * packages) : packages + i;
    const e = ECOSYSTEMS[p % ECOSYSTEMS.length] as (typeof ECOSYSTEMS)[number];
    const name = e.name(p);
    const version = (e.eco === "Go" ? "v" : "") + ver();
    comps.push({ ref: `c${i}`, name, version, purl: `${e.purl(name)}@${version}` });
  }
  return { texts, components: comps };
}

/** CPU time of this process in ms (the machine is shared, so wall time would measure the neighbours). */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const min = (xs: number[]) => Math.min(...xs);

function measure(ds: Dataset, runs: number) {
  const floor: number[] = [];
  const match: number[] = [];
  const indexing: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    let t = cpu();
    const parsed = ds.texts.map((t) => JSON.parse(t));
    floor.push(cpu() - t);
    const advisories: Advisory[] = parsed.map((record, j) => ({ record, source: `r${j}.json` }));
    (globalThis as { gc?: () => void }).gc?.();
    t = cpu();
    const index = buildAdvisoryIndex(advisories);
    const tIndex = cpu() - t;
    const result = matchComponents(ds.components, index);
    match.push(cpu() - t);
    indexing.push(tIndex);
    findings = result.matches.length;
  }
  return { floor: min(floor), match: min(match), indexing: min(indexing), findings };
}

function measureValidation(ds: Dataset): number {
  const t = cpu();
  for (const [i, text] of ds.texts.entries()) parseAdvisoryText(text, `r${i}.json`);
  return cpu() - t;
}

const RUNS = 5;
const small = generate(50_000, 10_000, 1);
const large = generate(100_000, 20_000, 2);
measure(generate(5_000, 1_000, 3), 3); // warm-up (JIT)
const a = measure(small, RUNS);
const b = process.env.BENCH_QUICK ? a : measure(large, 3);
const validation = process.env.BENCH_QUICK ? 0 : measureValidation(small);
const ratioA = a.match / a.floor;
const ratioB = b.match / b.floor;
const growth = b.match / a.match;
const fmt = (n: number) => n.toFixed(0);

console.log(
  `Node ${process.version}, CPU time, best of ${RUNS} runs, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log(
  "| records × components | JSON.parse floor (ms) | index + match (ms) | of which index (ms) | match / floor | findings |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(
  `| 50,000 × 10,000 | ${fmt(a.floor)} | ${fmt(a.match)} | ${fmt(a.indexing)} | ${(ratioA * 100).toFixed(0)}% | ${a.findings} |`,
);
console.log(
  `| 100,000 × 20,000 | ${fmt(b.floor)} | ${fmt(b.match)} | ${fmt(b.indexing)} | ${(ratioB * 100).toFixed(0)}% | ${b.findings} |`,
);
console.log(
  `\nTarget: match ≤ 50% of the floor → ${ratioA <= 0.5 ? "met" : "NOT met"} (${(ratioA * 100).toFixed(0)}%). ` +
    `Doubling both: matching time × ${growth.toFixed(2)} (linear = 2.0; floor × ${(b.floor / a.floor).toFixed(2)}).`,
);
console.log(
  `\nFor information: reading with validation (JSON.parse + OSV schema via ajv + zod) of the 50,000 records: ${fmt(validation)} ms (${(validation / a.floor).toFixed(1)}× the floor).`,
);
