// Diff of two 10,000-component CycloneDX 1.6 SBOMs against the time to ingest one of them (read + schema
// validation + normalisation with readSbom). Target (issue #7): diff < ingest of one, judged on CPU time (wall
// time is printed too; on a shared machine it mostly measures the neighbours). One run each after
// three warm-up rounds of both; prints Markdown. The two documents are generated here: the second release removes 2 % of the
// components, adds 2 %, upgrades 5 %, downgrades 1 %, changes the licence of 1 % and the hash (same version)
// of 0.5 %, the level of support of 1 %, and rewires some dependency edges. Refs differ between the two (as between two generator runs).
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { diffSboms, readSbom } from "../src/index.js";

const N = Number(process.env.BENCH_COMPONENTS ?? 10_000);

function hex(n: number, len: number): string {
  let s = "";
  let x = n * 2654435761;
  while (s.length < len) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += x.toString(16).padStart(8, "0");
  }
  return s.slice(0, len);
}

function release(which: 0 | 1): string {
  const components: Record<string, unknown>[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  for (let i = 0; i < N; i++) {
    if (which === 1 && i % 50 === 7) continue; // removed
    let version = `${1 + (i % 7)}.${i % 13}.${i % 5}`;
    if (which === 1 && i % 20 === 3) version = `${1 + (i % 7)}.${(i % 13) + 1}.0`; // upgraded
    if (which === 1 && i % 100 === 11) version = `${i % 7}.${i % 13}.${i % 5}`; // downgraded
    const name = `pkg-${i}`;
    const ref = `${which === 0 ? "a" : "b"}-${i}`;
    const license = which === 1 && i % 100 === 13 ? "Apache-2.0" : i % 3 === 0 ? "MIT" : "BSD-3-Clause";
    const hash = which === 1 && i % 200 === 17 ? hex(i + 1e6, 64) : hex(i, 64);
    components.push({
      type: "library",
      "bom-ref": ref,
      supplier: { name: `Supplier ${i % 50}` },
      group: `org.example.g${i % 100}`,
      name,
      version,
      purl: `pkg:maven/org.example.g${i % 100}/${name}@${version}`,
      hashes: [{ alg: "SHA-256", content: hash }],
      licenses: [{ license: { id: license } }],
      properties: [
        {
          name: "cdx:fda:level-of-support",
          value:
            i % 10 === 0 || (which === 1 && i % 100 === 19) ? "no-longer-maintained" : "actively-maintained",
        },
        { name: "cdx:fda:end-of-support-date", value: `20${30 + (i % 5)}-12-31` },
      ],
    });
  }
  if (which === 1)
    for (let i = 0; i < N / 50; i++) {
      const ref = `b-new-${i}`;
      components.push({
        type: "library",
        "bom-ref": ref,
        supplier: { name: "New supplier" },
        name: `new-${i}`,
        version: "1.0.0",
        purl: `pkg:npm/new-${i}@1.0.0`,
        hashes: [{ alg: "SHA-256", content: hex(i + 2e6, 64) }],
        licenses: [{ license: { id: "MIT" } }],
      });
    }
  // edges by component index, so both releases share them except where release 1 rewires (every 97th)
  const refOf = (i: number) => (which === 1 && i % 50 === 7 ? undefined : `${which === 0 ? "a" : "b"}-${i}`);
  for (let i = 0; i < N; i++) {
    const from = refOf(i);
    if (from === undefined) continue;
    const shift = which === 1 && i % 97 === 0 ? 2 : 1;
    const deps = [refOf((i + shift) % N), refOf((i * 7 + 3) % N)].filter(
      (r): r is string => r !== undefined && r !== from,
    );
    dependencies.push({ ref: from, dependsOn: [...new Set(deps)] });
  }
  if (which === 1)
    for (let i = 0; i < N / 50; i++) dependencies.push({ ref: `b-new-${i}`, dependsOn: [`b-${i * 3}`] });
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:00000000-0000-4000-8000-00000000000${which}`,
    version: 1,
    metadata: {
      timestamp: "2026-11-28T00:00:00Z",
      tools: { components: [{ type: "application", name: "bench" }] },
    },
    components,
    dependencies,
  });
}

const oldText = release(0);
const newText = release(1);
/** Wall time and CPU time (user + system of this process) of one call, in ms. */
const time = <T>(f: () => T): [T, number, number] => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [r, wall, (cpu.user + cpu.system) / 1000];
};
/** Full GC, then a pause so V8's concurrent sweeper threads finish before the next measured step. */
const gc = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
};

// warm-up (schema compile, JIT): three rounds of both paths; then one measured run of each
for (let i = 0; i < 3; i++) diffSboms(readSbom(oldText).sbom, readSbom(newText).sbom);
await gc();
const [ingested, ingestMs, ingestCpu] = time(() => readSbom(newText));
if (ingested.valid !== true)
  throw new Error(`generated SBOM is not schema-valid: ${JSON.stringify(ingested.issues[0])}`);
const oldSbom = readSbom(oldText).sbom;
await gc();
const [d, diffMs, diffCpu] = time(() => diffSboms(oldSbom, ingested.sbom));
await gc();
const [, parseMs, parseCpu] = time(() => JSON.parse(newText));

const s = d.summary;
const ok = diffCpu < ingestCpu;
console.log(
  `Two CycloneDX 1.6 JSON SBOMs, ${oldSbom.components.length} and ${ingested.sbom.components.length} components (${(newText.length / 1e6).toFixed(1)} MB).`,
);
console.log(
  `Diff found ${s.added} added, ${s.removed} removed, ${s.upgraded} upgraded, ${s.downgraded} downgraded, ${s.licenseChanged} licence, ${s.hashAtSameVersion} hash-at-same-version, ${s.supportChanged} support changes, ${s.edgesAdded}/${s.edgesRemoved} edges added/removed.`,
);
console.log(
  `Load average (1 min) at the end of the run: ${loadavg()[0]?.toFixed(1)}; CPU time is the fairer measure on a shared machine.\n`,
);
console.log("| step | wall (ms) | CPU (ms) |");
console.log("| --- | ---: | ---: |");
console.log(`| JSON.parse of one document (floor) | ${parseMs.toFixed(1)} | ${parseCpu.toFixed(1)} |`);
console.log(
  `| ingest one document: readSbom (read + validate + normalise) | ${ingestMs.toFixed(1)} | ${ingestCpu.toFixed(1)} |`,
);
console.log(
  `| diffSboms (components, licences, suppliers, hashes, support, edges) | ${diffMs.toFixed(1)} | ${diffCpu.toFixed(1)} |`,
);
console.log(
  `\nTarget diff < ingest of one: ${ok ? "met" : "NOT met"} (diff = ${((diffCpu / ingestCpu) * 100).toFixed(0)} % of ingest in CPU time, ${((diffMs / ingestMs) * 100).toFixed(0)} % in wall time).`,
);
if (!ok) process.exitCode = 1;
