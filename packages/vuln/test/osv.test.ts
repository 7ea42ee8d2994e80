import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { OsvAffected } from "../src/index.js";
import {
  compareVersions,
  isAffected,
  parseAdvisoryText,
  parseAdvisoryZip,
  parseOsv,
  readAdvisories,
  safeParseOsv,
  validateOsvSchema,
} from "../src/index.js";

const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const osvDir = `${conformance}osv/`;
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

describe("SOUP-03 OSV records: schema validation and reading", () => {
  const expected = readJson(`${osvDir}expected-results.json`) as Record<string, string>;
  for (const [file, verdict] of Object.entries(expected)) {
    if (file.startsWith("_")) continue;
    it(`${file} is ${verdict.startsWith("valid") ? "valid" : "invalid"} against the OSV schema`, () => {
      const problems = validateOsvSchema(readJson(`${conformance}${file}`));
      expect(problems.length === 0).toBe(verdict === "valid");
    });
  }

  it("reads the whole records directory; invalid and GIT records are reported, none stops the others", async () => {
    const { advisories, problems } = await readAdvisories(`${osvDir}records`);
    expect(advisories).toHaveLength(14);
    const schema = problems.filter((p) => p.code === "OSV_SCHEMA");
    expect(schema.map((p) => p.file)).toContain("nointroduced-CVE-2023-41045.json");
    expect(schema.every((p) => p.message.includes("nointroduced") && p.pointer.startsWith("/affected"))).toBe(
      true,
    );
    const git = problems.filter((p) => p.code === "OSV_GIT_RANGE");
    expect(new Set(git.map((p) => p.id))).toEqual(
      new Set(["CVE-2018-5407", "CVE-2023-41045", "PYSEC-2023-74"]),
    );
    expect(git[0]?.message).toMatch(/GIT range on https:\/\/github.com\/.+ is not supported/);
  });

  it("a .zip as OSV distributes it: every JSON entry is read, a bad entry is reported and skipped", () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of readdirSync(`${osvDir}ghsa-to-osv`).filter((f) => f.endsWith(".osv.json")))
      files[f] = readFileSync(`${osvDir}ghsa-to-osv/${f}`);
    files["broken.json"] = new TextEncoder().encode("{ not json");
    files["README.txt"] = new TextEncoder().encode("ignored");
    const { advisories, problems } = parseAdvisoryZip(zipSync(files), "all.zip");
    expect(advisories).toHaveLength(11);
    expect(problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({ file: "all.zip!broken.json", code: "OSV_JSON" }),
    ]);
    expect(parseAdvisoryZip(new Uint8Array([1, 2, 3]), "bad.zip").problems[0]?.code).toBe("OSV_ZIP");
  });

  it("a file with an array of records: bad elements are reported by index and field", () => {
    const good = readFileSync(`${osvDir}records/GO-2020-0001.json`, "utf8");
    const text = `[${good}, {"id": 5, "modified": "x"}, {"id": "X-1"}]`;
    const { advisories, problems } = parseAdvisoryText(text, "list.json");
    expect(advisories.map((a) => a.record.id)).toEqual(["GO-2020-0001"]);
    expect(problems.map((p) => [p.file, p.pointer, p.code])).toEqual([
      ["list.json#1", "/id", "OSV_SHAPE"],
      ["list.json#2", "/modified", "OSV_SHAPE"],
    ]);
    expect(problems[1]?.message).toMatch(/list\.json#2: OSV record X-1 is not usable: field "\/modified"/);
  });

  it("parseOsv throws a typed error naming the file and field; safeParseOsv returns it", () => {
    expect(() => parseOsv({ id: "A", modified: 3 }, "a.json")).toThrow(
      /a\.json: OSV record A is not usable: field "\/modified"/,
    );
    const r = safeParseOsv({ id: "A", modified: 3 }, "a.json");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.code).toBe("OSV_INVALID");
  });

  it("hostile input: __proto__ keys do not pollute prototypes; missing paths are reported", async () => {
    const text =
      '{"id":"X","modified":"2024-01-01T00:00:00Z","__proto__":{"polluted":true},"affected":[{"package":{"ecosystem":"npm","name":"a","__proto__":{"p2":1}},"ranges":[{"type":"SEMVER","events":[{"introduced":"0","__proto__":{"x":1}}]}]}]}';
    const { advisories } = parseAdvisoryText(text, "evil.json");
    expect(advisories).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p2).toBeUndefined();
    const missing = await readAdvisories(`${osvDir}does-not-exist`);
    expect(missing.problems[0]?.code).toBe("OSV_READ");
  });
});

const affected = (
  type: string,
  events: Record<string, string>[],
  ecosystem = "npm",
  versions: string[] = [],
): OsvAffected => ({
  package: { ecosystem, name: "p" },
  ranges: [{ type, events }],
  versions,
});

describe("SOUP-03 OSV range evaluation (schema.md Evaluation pseudo-code)", () => {
  it("introduced/fixed, introduced 0, last_affected, several ranges and unsorted events", () => {
    const fixed = affected("SEMVER", [{ introduced: "0" }, { fixed: "1.0.2" }]);
    expect(isAffected(fixed, "1.0.1").affected).toBe(true);
    expect(isAffected(fixed, "1.0.2").affected).toBe(false);
    expect(isAffected(fixed, "1.0.2-rc.1").affected).toBe(true);
    const last = affected("ECOSYSTEM", [{ introduced: "0" }, { last_affected: "2.1.214" }], "Maven");
    expect(isAffected(last, "2.1.214").affected).toBe(true);
    expect(isAffected(last, "2.1.215").affected).toBe(false);
    const multi = affected("SEMVER", [
      { fixed: "3.2.5" },
      { introduced: "3.0.0" },
      { fixed: "1.0.2" },
      { introduced: "1.0.0" },
    ]);
    expect(
      ["0.9.0", "1.0.0", "1.0.1", "1.0.2", "2.0.0", "3.0.0", "3.2.4", "3.2.5"].map(
        (v) => isAffected(multi, v).affected,
      ),
    ).toEqual([false, true, true, false, false, true, true, false]);
  });

  it("limit events: the version must be below some limit; '*' is infinity", () => {
    const lim = affected("SEMVER", [{ introduced: "1.0.0" }, { limit: "2.0.0" }]);
    expect(isAffected(lim, "1.5.0").affected).toBe(true);
    expect(isAffected(lim, "2.0.0").affected).toBe(false);
    expect(isAffected(affected("SEMVER", [{ introduced: "1.0.0" }, { limit: "*" }]), "9.0.0").affected).toBe(
      true,
    );
  });

  it("versions lists match exactly, even when the version does not parse", () => {
    const a = affected("ECOSYSTEM", [], "PyPI", ["4.36.1", "4.36.-1"]);
    a.ranges = [];
    expect(isAffected(a, "4.36.-1").affected).toBe(true);
    expect(isAffected(a, "4.36.2").affected).toBe(false);
  });

  it("GIT ranges, unknown range types, unknown events and bad versions are reported, not ignored", () => {
    const git: OsvAffected = {
      package: { ecosystem: "PyPI", name: "x" },
      ranges: [{ type: "GIT", repo: "https://g/x", events: [{ introduced: "0" }] }],
    };
    expect(isAffected(git, "1.0").notes[0]).toMatch(/GIT range on https:\/\/g\/x is not supported/);
    expect(isAffected(affected("WEIRD", [{ introduced: "0" }]), "1.0.0").notes[0]).toMatch(
      /unknown range type "WEIRD"/,
    );
    const unknownEvent = isAffected(affected("SEMVER", [{ introduced: "0" }, { patched: "1.0.0" }]), "0.5.0");
    expect(unknownEvent.affected).toBe(false);
    expect(unknownEvent.notes[0]).toMatch(/events\[1\]: not one of introduced/);
    expect(isAffected(affected("SEMVER", [{ introduced: "zz" }]), "1.0.0").notes[0]).toMatch(
      /"zz" is not a valid SemVer version/,
    );
    expect(isAffected(affected("SEMVER", [{ introduced: "0" }]), "latest").notes[0]).toMatch(
      /"latest" is not a valid SemVer/,
    );
    expect(
      isAffected(affected("ECOSYSTEM", [{ introduced: "0" }], "Alpine:v3.18"), "1.0-r0").notes[0],
    ).toMatch(/no version ordering for ecosystem "Alpine:v3.18"/);
  });

  it("real records: Go (SEMVER, stdlib), PyPI (ECOSYSTEM + versions), Red Hat (rpm)", () => {
    const rec = (f: string) => parseOsv(readJson(`${osvDir}records/${f}.json`), f);
    const go = rec("GO-2024-2963").affected?.[0] as OsvAffected;
    expect(
      ["1.21.11", "1.21.12", "1.22.0", "1.22.4", "1.22.5", "go1.21.0"].map((v) => isAffected(go, v).affected),
    ).toEqual([true, false, true, true, false, true]);
    const gin = rec("GO-2020-0001").affected?.[0] as OsvAffected;
    expect(isAffected(gin, "v1.5.0").affected).toBe(true);
    expect(isAffected(gin, "v1.6.0").affected).toBe(false);
    const requests = rec("PYSEC-2023-74").affected?.[0] as OsvAffected;
    expect(isAffected(requests, "2.30.0").affected).toBe(true);
    expect(isAffected(requests, "2.31.0").affected).toBe(false);
    expect(isAffected(requests, "2.2.1").affected).toBe(false);
    const lfs = rec("RHSA-2024_4546").affected?.[0] as OsvAffected;
    expect(isAffected(lfs, "0:2.13.3-3.el8_6").affected).toBe(true);
    expect(isAffected(lfs, "0:2.13.3-3.el8_6.1").affected).toBe(false);
  });
});

// GHSA's own range syntax ("< 2.6.1", ">= 2.0.0, < 2.0.1", "= 1.1.6") is the oracle for the OSV output.
const GHSA_ECOSYSTEM: Record<string, string> = {
  NPM: "npm",
  PIP: "PyPI",
  MAVEN: "Maven",
  RUBYGEMS: "RubyGems",
  NUGET: "NuGet",
};
function ghsaSatisfies(ecosystem: string, range: string, v: string): boolean {
  return range.split(",").every((part) => {
    const m = /^\s*(<=|>=|<|>|=)\s*(\S+)\s*$/.exec(part);
    if (!m) throw new Error(`bad GHSA range ${range}`);
    const c = compareVersions(ecosystem, v, m[2] as string);
    return { "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0, "=": c === 0 }[m[1] as string] as boolean;
  });
}

describe("SOUP-03 GHSA → OSV range fixtures agree with the GHSA ranges they came from", () => {
  const dir = `${osvDir}ghsa-to-osv/`;
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".osv.json"))) {
    it(f, () => {
      const ghsa = readJson(`${dir}${f.replace(".osv.json", ".json")}`) as {
        vulnerabilities: {
          nodes: { package: { ecosystem: string; name: string }; vulnerableVersionRange: string }[];
        };
      };
      const osv = parseOsv(readJson(`${dir}${f}`), f);
      for (const node of ghsa.vulnerabilities.nodes) {
        const ecosystem = GHSA_ECOSYSTEM[node.package.ecosystem] as string;
        const bounds = [...node.vulnerableVersionRange.matchAll(/[<>=]+\s*(\S+?)(?:,|$)/g)].map(
          (m) => m[1] as string,
        );
        const probes = new Set<string>(["0.0.1", "0.1", "1.0", "99.0.0"]);
        for (const b of bounds)
          for (const p of [b, `${b}.1`, b.replace(/\d+$/, (d) => String(Number(d) + 1))]) probes.add(p);
        if (ecosystem === "npm")
          for (const p of [...probes]) if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(p)) probes.delete(p);
        const entries = (osv.affected ?? []).filter(
          (a) =>
            a.package?.name.toLowerCase().replace(/[._]/g, "-") ===
            node.package.name.toLowerCase().replace(/[._]/g, "-"),
        );
        expect(entries.length).toBeGreaterThan(0);
        for (const v of probes) {
          const expected = ghsaSatisfies(ecosystem, node.vulnerableVersionRange, v);
          const actual = entries.some((a) => isAffected(a, v).affected);
          // a package can have several GHSA nodes (several ranges); only "affected" must imply a node
          if (expected)
            expect(actual, `${node.package.name} ${v} in ${node.vulnerableVersionRange}`).toBe(true);
        }
      }
    });
  }
});

describe("SOUP-03 GHSA → OSV fixtures: exact boundaries", () => {
  const rec = (f: string) => parseOsv(readJson(`${osvDir}ghsa-to-osv/${f}.osv.json`), f);
  const check = (f: string, expected: Record<string, boolean>) => {
    const entries = rec(f).affected ?? [];
    for (const [v, hit] of Object.entries(expected))
      expect(
        entries.some((a) => isAffected(a, v).affected),
        `${f} ${v}`,
      ).toBe(hit);
  };
  it("npm: = with patch, < with patch, >= and <= without patch, > as introduced pre-release", () => {
    check("equals_with_patch", {
      "1.3.1": true,
      "1.3.2": false,
      "1.9.0": false,
      "2.0.0": true,
      "2.0.1": false,
    });
    check("less_than_equals_with_patch", { "0.0.1": true, "1.10.2": true, "1.10.3": false });
    check("less_than_equals_no_patch", { "0.0.1": true, "1.2.1": true, "99.0.0": true });
    check("greater_than_equals_no_patch", { "0.0.0": true, "5.0.0": true });
    check("npm_greater_than", {
      "2.1.0": false,
      "2.1.1-beta": true,
      "2.1.1": true,
      "2.9.9": true,
      "3.0.0": false,
    });
  });
  it("Maven, RubyGems, PyPI: several ranges per package, unsorted, name normalisation", () => {
    check("maven_greater_than", {
      "11.6.0": false,
      "11.6.1": true,
      "11.10.13": false,
      "12.0": true,
      "12.6.7": false,
      "12.10.0": true,
      "12.10.1": true,
      "12.10.2": false,
    });
    check("multiple_ranges_in_package", {
      "3.0.20": true,
      "3.0.21": false,
      "4.0.1": true,
      "4.0.4": true,
      "4.0.5": false,
    });
    check("full_ranges", { "2.4.9": false, "2.5.0": true, "2.5.15": true, "2.5.16": false });
    check("pypi_normalize", { "2.6.0": true, "2.6.1": false });
    check("equals_no_patch", { "1.1.6": true, "1.1.5": false });
  });
});

describe("SOUP-03 range evaluation properties", () => {
  const ver = fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4)).map(([a, b, c]) => `${a}.${b}.${c}`);
  it("equals interval membership for sorted introduced/fixed pairs, whatever the event order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ver, { minLength: 2, maxLength: 8 }),
        ver,
        fc.integer(),
        (vs, probe, seed) => {
          const sorted = [...vs].sort((a, b) => compareVersions("npm", a, b));
          const pairs: [string, string][] = [];
          for (let i = 0; i + 1 < sorted.length; i += 2)
            pairs.push([sorted[i] as string, sorted[i + 1] as string]);
          const events = pairs.flatMap(([i, f]) => [{ introduced: i }, { fixed: f }]);
          const shuffled = [...events].sort(
            (a, b) => ((JSON.stringify(a).length * seed) % 7) - ((JSON.stringify(b).length * seed) % 7),
          );
          const expected = pairs.some(
            ([i, f]) => compareVersions("npm", probe, i) >= 0 && compareVersions("npm", probe, f) < 0,
          );
          expect(isAffected(affected("SEMVER", shuffled), probe).affected).toBe(expected);
          expect(isAffected(affected("ECOSYSTEM", events), probe).affected).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary events and versions", () => {
    const anyEvent = fc.dictionary(
      fc.constantFrom("introduced", "fixed", "last_affected", "limit", "other", "__proto__"),
      fc.string({ maxLength: 12 }),
      { maxKeys: 2 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom("SEMVER", "ECOSYSTEM", "GIT", "X"),
        fc.array(anyEvent, { maxLength: 6 }),
        fc.string({ maxLength: 12 }),
        fc.constantFrom("npm", "PyPI", "Maven", "Debian", "Go", "Alpine"),
        (type, events, v, eco) => {
          const r = isAffected(affected(type, events, eco), v);
          expect(typeof r.affected).toBe("boolean");
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("SOUP-03 the one-pass evaluation equals the sorted-timeline evaluation", () => {
  it("property: random events with ties, introduced 0, last_affected, several ranges", async () => {
    const { quickEvaluate, compileAffected: compile, evaluateCompiled } = await import("../src/ranges.js");
    const v = fc.constantFrom("0.9.0", "1.0.0", "1.0.1", "1.2.0", "2.0.0", "2.0.0-rc.1", "3.1.4");
    const event = fc.oneof(
      v.map((x) => ({ introduced: x })),
      fc.constant({ introduced: "0" }),
      v.map((x) => ({ fixed: x })),
      v.map((x) => ({ last_affected: x })),
    );
    const range = fc
      .array(event, { minLength: 1, maxLength: 6 })
      .map((events) => ({ type: "SEMVER", events }));
    fc.assert(
      fc.property(
        fc.array(range, { minLength: 1, maxLength: 3 }),
        v,
        fc.constantFrom("npm", "Maven", "PyPI"),
        (ranges, probe, eco) => {
          const a: OsvAffected = {
            package: { ecosystem: eco, name: "p" },
            ranges: ranges.map((r) => ({ ...r, type: eco === "npm" ? "SEMVER" : "ECOSYSTEM" })),
          };
          const quick = quickEvaluate(a, probe, new Map());
          const full = evaluateCompiled(compile(a), probe);
          if (quick !== undefined) expect(quick !== false, JSON.stringify({ a, probe })).toBe(full.affected);
          else expect(full.notes.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("SOUP-03 readAdvisories reads a .zip file from disk", () => {
  it("the GHSA fixtures zipped into a temporary file", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "qmskit-vuln-zip-"));
    try {
      const files: Record<string, Uint8Array> = {};
      for (const f of readdirSync(`${osvDir}ghsa-to-osv`).filter((f) => f.endsWith(".osv.json")))
        files[`osv/${f}`] = readFileSync(`${osvDir}ghsa-to-osv/${f}`);
      writeFileSync(join(dir, "npm.zip"), zipSync(files));
      const { advisories, problems } = await readAdvisories(join(dir, "npm.zip"));
      expect(advisories).toHaveLength(11);
      expect(advisories[0]?.source).toMatch(/npm\.zip!osv\//);
      expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
