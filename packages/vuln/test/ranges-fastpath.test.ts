import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderingFor, semverOrderingFor } from "../src/ecosystems/index.js";
import type { OsvAffected } from "../src/osv.js";
import {
  compileAffected,
  evaluateCompiled,
  type ParseCache,
  plainVersionKey,
  quickEvaluate,
} from "../src/ranges.js";

const part = fc.oneof(
  fc.integer({ min: 0, max: 2 }),
  fc.integer({ min: 0, max: 25 }),
  fc.integer({ min: 0, max: 200_000 }),
);
const plainish = fc.oneof(
  fc.tuple(part, part, part).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(part, part, part).map(([a, b, c]) => `v${a}.${b}.${c}`),
  fc.constantFrom("01.2.3", "1.2", "1.2.3.4", "1.2.3-rc.1", "1.2.3+build", " 1.2.3", "1.2.3a1", "", "v", "0"),
);

describe("SOUP-03 plain x.y.z versions compare as number triples where the ordering says so", () => {
  const orderings = [
    orderingFor("npm"),
    orderingFor("crates.io"),
    orderingFor("Go"),
    orderingFor("PyPI"),
    orderingFor("Maven"),
    orderingFor("Hex"),
    semverOrderingFor("npm"),
    semverOrderingFor("Go"),
  ];

  it("every ordering with plainTriples parses plain versions and orders them as their keys", () => {
    for (const o of orderings) {
      expect(o?.plainTriples, o?.ecosystem).toBeDefined();
      if (!o?.plainTriples) continue;
      const allowV = o.plainTriples === "v";
      fc.assert(
        fc.property(plainish, plainish, (a, b) => {
          const ka = plainVersionKey(a, allowV);
          const kb = plainVersionKey(b, allowV);
          if (ka === -1 || kb === -1) return;
          const pa = o.parse(a);
          const pb = o.parse(b);
          expect(pa, `${o.ecosystem} ${a}`).toBeDefined();
          expect(pb, `${o.ecosystem} ${b}`).toBeDefined();
          expect(Math.sign(o.compare(pa, pb)), `${o.ecosystem} ${a} vs ${b}`).toBe(Math.sign(ka - kb));
        }),
        { numRuns: 300 },
      );
    }
  });

  it("only strict x.y.z strings get a key", () => {
    expect(plainVersionKey("1.2.3", false)).toBeGreaterThan(plainVersionKey("1.2.2", false));
    expect(plainVersionKey("v1.2.3", true)).toBe(plainVersionKey("1.2.3", false));
    for (const s of [
      "v1.2.3",
      "01.2.3",
      "1.2",
      "1.2.3.4",
      "1.2.3-rc.1",
      " 1.2.3",
      "1.2.3 ",
      "131072.0.0",
      "",
    ])
      expect(plainVersionKey(s, false), s).toBe(-1);
  });
});

describe("SOUP-03 the one-pass range evaluation agrees with the compiled evaluation", () => {
  // a small pool, so that events and versions often coincide (ties decide by written order)
  const common = fc.constantFrom("1.0.0", "1.2.3", "2.0.0", "v2.0.0", "5.2.1");
  const version = fc.oneof(
    common,
    common,
    plainish,
    fc.constantFrom(
      "1.0.0",
      "1.2.3",
      "2.0.0",
      "5.1.0",
      "5.2.1",
      "5.2.2",
      "1.0.0-alpha",
      "1:1.0-1",
      "1.0~rc1",
    ),
  );
  const event = fc.oneof(
    version.map((v) => ({ introduced: v })),
    fc.constant({ introduced: "0" }),
    version.map((v) => ({ fixed: v })),
    version.map((v) => ({ last_affected: v })),
    version.map((v) => ({ limit: v })),
    fc.constant({ fixed: "0" }),
    fc.constant({ introduced: "1.0.0", fixed: "2.0.0" }),
  );
  const affected = fc.record({
    ecosystem: fc.constantFrom("npm", "Go", "PyPI", "Maven", "crates.io", "Debian:11", "NuGet", "Alpine"),
    ranges: fc.array(
      fc.record({
        type: fc.constantFrom("SEMVER", "ECOSYSTEM", "ECOSYSTEM", "GIT"),
        events: fc.array(event, { maxLength: 5 }),
      }),
      { maxLength: 3 },
    ),
    versions: fc.option(fc.array(version, { maxLength: 2 }), { nil: undefined }),
  });

  it("events at the same version apply in written order", () => {
    const cache: ParseCache = new Map();
    const entry = (events: Record<string, string>[]) =>
      ({ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events }] }) as OsvAffected;
    expect(quickEvaluate(entry([{ introduced: "1.0.0" }, { fixed: "1.0.0" }]), "1.2.3", cache)).toBe(false);
    expect(quickEvaluate(entry([{ fixed: "1.0.0" }, { introduced: "1.0.0" }]), "1.2.3", cache)).toBe(
      "ranges[0]",
    );
    expect(quickEvaluate(entry([{ introduced: "0" }, { last_affected: "1.2.3" }]), "1.2.3", cache)).toBe(
      "ranges[0]",
    );
  });

  it("same answer and same range whenever the one pass decides", () => {
    const cache: ParseCache = new Map();
    fc.assert(
      fc.property(affected, version, (a, v) => {
        const entry = {
          package: { ecosystem: a.ecosystem, name: "x" },
          ranges: a.ranges,
          ...(a.versions ? { versions: a.versions } : {}),
        } as OsvAffected;
        const quick = quickEvaluate(entry, v, cache);
        if (quick === undefined) return;
        const full = evaluateCompiled(compileAffected(entry), v);
        expect(quick !== false, JSON.stringify({ entry, v })).toBe(full.affected);
        if (quick !== false) expect(quick).toBe(full.via);
      }),
      { numRuns: 3000 },
    );
  });
});
