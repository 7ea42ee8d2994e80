import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareVersions,
  componentKey,
  diffSboms,
  diffToMarkdown,
  hasComponentChanges,
} from "../src/diff.js";
import { type ComponentInit, sbomOf } from "../src/model.js";

const base: ComponentInit[] = [
  {
    ref: "a",
    name: "lodash",
    version: "4.17.20",
    purl: "pkg:npm/lodash@4.17.20",
    licenses: [{ kind: "expression", expression: "MIT" }],
    supplier: { name: "OpenJS" },
    hashes: [{ alg: "SHA-256", content: "aa" }],
  },
  { ref: "b", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" },
  { ref: "c", name: "internal-lib", group: "acme", version: "2.0" },
];

describe("compareVersions (semver, else documented fallback)", () => {
  it.each([
    ["1.2.9", "1.2.10", -1],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["v2.0.0", "2.0.1", -1],
    ["2.11.1", "2.11.1a", -1],
    ["1.1.1w", "1.1.1t", 1],
    ["8.3.32", "8.10", -1],
    ["2020-01-01", "2021-01-01", -1],
    ["1.0", "1.0", 0],
    ["1.0", "1.00", 0],
  ])("SOUP-01 %s vs %s", (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it("is antisymmetric (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(Math.sign(compareVersions(a, b))).toBe(-Math.sign(compareVersions(b, a)) || 0);
      }),
    );
  });
});

describe("diffSboms", () => {
  it("SOUP-01 reports added, removed, upgraded, downgraded, licence, supplier and hash-at-same-version", () => {
    const old = sbomOf({
      components: [...base, { ref: "d", name: "left-pad", version: "1.3.0", purl: "pkg:npm/left-pad@1.3.0" }],
      dependencies: [{ ref: "a", dependsOn: ["b"] }],
    });
    const next = sbomOf({
      components: [
        {
          ref: "x1",
          name: "lodash",
          version: "4.17.20",
          purl: "pkg:npm/lodash@4.17.20",
          licenses: [{ kind: "expression", expression: "MIT OR Apache-2.0" }],
          supplier: { name: "Someone else" },
          hashes: [{ alg: "SHA256", content: "bb" }],
        },
        { ref: "x2", name: "zlib", version: "1.2.13", purl: "pkg:generic/zlib@1.2.13" },
        { ref: "x3", name: "internal-lib", group: "acme", version: "2.1" },
        { ref: "x4", name: "express", version: "4.19.2", purl: "pkg:npm/express@4.19.2" },
      ],
      dependencies: [{ ref: "x1", dependsOn: ["x4"] }],
    });
    const d = diffSboms(old, next);
    expect(d.added.map((c) => c.name)).toEqual(["express"]);
    expect(d.added[0]).toMatchObject({ purl: "pkg:npm/express@4.19.2", version: "4.19.2" });
    expect(d.removed.map((c) => c.name)).toEqual(["left-pad"]);
    const byName = Object.fromEntries(d.changed.map((c) => [c.name, c]));
    expect(byName.zlib).toMatchObject({ from: "1.3.1", to: "1.2.13", versionChange: "downgraded" });
    expect(byName["acme/internal-lib"]).toMatchObject({ from: "2.0", to: "2.1", versionChange: "upgraded" });
    expect(byName.lodash?.versionChange).toBe("same");
    expect(byName.lodash?.changes.map((c) => c.field).sort()).toEqual(["hash", "license", "supplier"]);
    expect(byName.lodash?.changes.find((c) => c.field === "hash")?.flag).toBe("hash-at-same-version");
    expect(d.summary).toMatchObject({
      added: 1,
      removed: 1,
      upgraded: 1,
      downgraded: 1,
      licenseChanged: 1,
      supplierChanged: 1,
      hashAtSameVersion: 1,
      edgesAdded: 1,
      edgesRemoved: 1,
    });
    expect(d.dependencies.added).toEqual([{ from: "pkg:npm/lodash", to: "pkg:npm/express" }]);
    const md = diffToMarkdown(d, { old: "1.0", new: "1.1" });
    expect(md).toContain("## SBOM changes: 1.0 → 1.1");
    expect(md).toContain("| zlib | 1.3.1 | 1.2.13 | downgraded |");
    expect(md).toContain("HASH-AT-SAME-VERSION");
  });

  it("SOUP-01 reports support-status changes", () => {
    const mk = (level: string) =>
      sbomOf({
        components: [
          {
            name: "busybox",
            version: "1",
            purl: "pkg:generic/busybox@1",
            properties: [{ name: "Level of Support", value: level }],
          },
        ],
      });
    const d = diffSboms(mk("Actively maintained"), mk("Deprecated"));
    expect(d.changed[0]?.changes).toEqual([
      { field: "support-level", from: "actively-maintained", to: "no-longer-maintained" },
    ]);
    expect(d.summary.supportChanged).toBe(1);
  });

  it("SOUP-04 is insensitive to refs, order, licence spelling and NOASSERTION vs absent", () => {
    const a = sbomOf({
      components: [
        {
          ref: "r1",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
          licenses: [{ kind: "expression", expression: "MIT" }],
        },
        { ref: "r2", name: "b", version: "2", purl: "pkg:npm/b@2", licenses: [] },
      ],
      dependencies: [{ ref: "r1", dependsOn: ["r2"] }],
    });
    const b = sbomOf({
      format: "spdx",
      specVersion: "2.3",
      components: [
        {
          ref: "SPDXRef-b",
          name: "b",
          version: "2",
          purl: "pkg:npm/b@2",
          licenses: [{ kind: "noassertion" }],
        },
        {
          ref: "SPDXRef-a",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1?x=1",
          licenses: [{ kind: "expression", expression: "mit" }],
        },
      ],
      dependencies: [{ ref: "SPDXRef-a", dependsOn: ["SPDXRef-b"] }],
    });
    const d = diffSboms(a, b);
    expect(hasComponentChanges(d)).toBe(false);
    expect(d.dependencies).toEqual({ added: [], removed: [] });
  });

  it("SOUP-04 ignores licence acknowledgement (SPDX concluded + declared vs CycloneDX without it)", () => {
    const spdx = sbomOf({
      format: "spdx",
      specVersion: "2.3",
      components: [
        {
          ref: "SPDXRef-a",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
          licenses: [
            { kind: "expression", expression: "MIT", acknowledgement: "concluded" },
            { kind: "expression", expression: "MIT", acknowledgement: "declared" },
          ],
        },
      ],
    });
    const cdx = sbomOf({
      components: [
        {
          ref: "a",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
          licenses: [{ kind: "expression", expression: "MIT" }],
        },
      ],
    });
    const declaredOnly = sbomOf({
      components: [
        {
          ref: "a",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
          licenses: [{ kind: "expression", expression: "MIT", acknowledgement: "declared" }],
        },
      ],
    });
    expect(hasComponentChanges(diffSboms(spdx, cdx))).toBe(false);
    expect(hasComponentChanges(diffSboms(cdx, declaredOnly))).toBe(false);
    // a different licence text is still a change
    const apache = sbomOf({
      components: [
        {
          ref: "a",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
          licenses: [{ kind: "expression", expression: "Apache-2.0", acknowledgement: "concluded" }],
        },
      ],
    });
    expect(diffSboms(spdx, apache).changed[0]?.changes).toEqual([
      { field: "license", from: "MIT", to: "APACHE-2.0" },
    ]);
  });

  it("SOUP-01 pairs several versions of one package by version", () => {
    const a = sbomOf({
      components: [
        { ref: "1", name: "x", version: "1.0.0", purl: "pkg:npm/x@1.0.0" },
        { ref: "2", name: "x", version: "2.0.0", purl: "pkg:npm/x@2.0.0" },
      ],
    });
    const b = sbomOf({
      components: [
        { ref: "1", name: "x", version: "2.0.0", purl: "pkg:npm/x@2.0.0" },
        { ref: "2", name: "x", version: "1.0.1", purl: "pkg:npm/x@1.0.1" },
        { ref: "3", name: "x", version: "3.0.0", purl: "pkg:npm/x@3.0.0" },
      ],
    });
    const d = diffSboms(a, b);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ from: "1.0.0", to: "1.0.1", versionChange: "upgraded" });
    expect(d.added.map((c) => c.version)).toEqual(["3.0.0"]);
  });

  it("componentKey uses the purl without version, else group/name", () => {
    expect(
      componentKey(sbomOf({ components: [{ name: "A", purl: "pkg:npm/A@1?x#y" }] }).components[0]!),
    ).toBe("pkg:npm/a");
    expect(componentKey(sbomOf({ components: [{ name: "Lib", group: "Acme" }] }).components[0]!)).toBe(
      "name:acme/lib",
    );
  });
});

const arbComponent = fc.record({
  name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
  version: fc.constantFrom("1.0.0", "1.2.0", "2.0.0", "0.9", "", "1.0.0-rc.1"),
  withPurl: fc.boolean(),
  license: fc.constantFrom("MIT", "Apache-2.0", ""),
});
const arbSbom = fc.array(arbComponent, { maxLength: 12 }).map((cs) =>
  sbomOf({
    components: cs.map((c, i) => ({
      ref: `r${i}`,
      name: c.name,
      ...(c.version ? { version: c.version } : {}),
      ...(c.withPurl ? { purl: `pkg:npm/${c.name}${c.version ? `@${c.version}` : ""}` } : {}),
      licenses: c.license ? [{ kind: "expression" as const, expression: c.license }] : [],
    })),
    dependencies: cs.length > 1 ? [{ ref: "r0", dependsOn: ["r1"] }] : [],
  }),
);

describe("diff properties (fast-check)", () => {
  it("SOUP-04 diff(a, a) is empty", () => {
    fc.assert(
      fc.property(arbSbom, (a) => {
        const d = diffSboms(a, a);
        expect(hasComponentChanges(d)).toBe(false);
        expect(d.dependencies).toEqual({ added: [], removed: [] });
      }),
    );
  });

  it("SOUP-01 diff is symmetric: added(a,b) = removed(b,a); upgrades become downgrades", () => {
    fc.assert(
      fc.property(arbSbom, arbSbom, (a, b) => {
        const ab = diffSboms(a, b);
        const ba = diffSboms(b, a);
        const ids = (xs: { key: string; version: string | null }[]) =>
          xs.map((x) => `${x.key}@${x.version}`).sort();
        expect(ids(ab.added)).toEqual(ids(ba.removed));
        expect(ids(ab.removed)).toEqual(ids(ba.added));
        expect(ab.summary.upgraded).toBe(ba.summary.downgraded);
        expect(ab.changed.length).toBe(ba.changed.length);
        expect(ab.dependencies.added).toEqual(ba.dependencies.removed);
      }),
    );
  });

  it("every component is accounted for: unchanged + changed + removed = old size", () => {
    fc.assert(
      fc.property(arbSbom, arbSbom, (a, b) => {
        const d = diffSboms(a, b);
        expect(d.summary.unchanged + d.changed.length + d.removed.length).toBe(a.components.length);
        expect(d.summary.unchanged + d.changed.length + d.added.length).toBe(b.components.length);
      }),
    );
  });
});

describe("hostile input", () => {
  const arbAny = fc.array(
    fc.record({
      ref: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")),
      name: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor")),
      version: fc.option(fc.string(), { nil: undefined }),
      purl: fc.option(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `pkg:npm/${s}@${s}`),
        ),
        { nil: undefined },
      ),
      prop: fc.string(),
    }),
    { maxLength: 15 },
  );
  const toSbom = (
    cs: {
      ref: string;
      name: string;
      version?: string | undefined;
      purl?: string | undefined;
      prop: string;
    }[],
  ) =>
    sbomOf({
      components: cs.map((c) => ({
        ref: c.ref,
        name: c.name,
        ...(c.version !== undefined ? { version: c.version } : {}),
        ...(c.purl !== undefined ? { purl: c.purl } : {}),
        properties: [{ name: "End-of-Support", value: c.prop }],
      })),
      dependencies: cs.length > 1 ? [{ ref: cs[0]!.ref, dependsOn: cs.map((c) => c.ref) }] : [],
    });

  it("SOUP-01 arbitrary refs, names, versions and purls (incl. __proto__) never throw (fast-check)", () => {
    fc.assert(
      fc.property(arbAny, arbAny, (a, b) => {
        const d = diffSboms(toSbom(a), toSbom(b));
        expect(d.summary.added).toBe(d.added.length);
        expect(hasComponentChanges(diffSboms(toSbom(a), toSbom(a)))).toBe(false);
      }),
    );
  });

  it("a 1 MB version string and 5,000 versions of one package stay fast", () => {
    const huge = "1.".repeat(500_000);
    const many = (shift: number) =>
      sbomOf({
        components: Array.from({ length: 5000 }, (_, i) => ({
          ref: `r${i}`,
          name: "same",
          version: i === 0 ? huge : `${i + shift}.0.0`,
          purl: `pkg:npm/same@${i + shift}.0.0`,
        })),
      });
    const t = performance.now();
    const d = diffSboms(many(0), many(1));
    expect(performance.now() - t).toBeLessThan(5000);
    expect(d.summary.added + d.summary.removed + d.changed.length + d.summary.unchanged).toBeGreaterThan(0);
  });
});
