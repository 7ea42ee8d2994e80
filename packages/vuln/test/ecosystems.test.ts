import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareVersions, orderingFor, rpmvercmp, verrevcmp } from "../src/index.js";

/** Asserts that `versions` are in strictly ascending order, pairwise, in `ecosystem`. */
function expectAscending(ecosystem: string, versions: string[]) {
  for (let i = 0; i < versions.length; i++)
    for (let j = 0; j < versions.length; j++) {
      const expected = Math.sign(i - j);
      expect(
        compareVersions(ecosystem, versions[i] as string, versions[j] as string),
        `${versions[i]} vs ${versions[j]}`,
      ).toBe(expected);
    }
}
function expectEqual(ecosystem: string, versions: string[]) {
  for (const a of versions)
    for (const b of versions) expect(compareVersions(ecosystem, a, b), `${a} = ${b}`).toBe(0);
}

describe("SOUP-03 ecosystem version orderings (documented examples)", () => {
  it("npm / SemVer 2.0 §11 precedence example", () => {
    // https://semver.org/#spec-item-11
    expectAscending("npm", [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "2.0.0",
      "2.1.0",
      "2.1.1",
    ]);
    expectEqual("npm", ["1.0.0+build.1", "1.0.0+other", "1.0.0"]);
  });

  it("crates.io uses SemVer precedence", () => {
    expectAscending("crates.io", ["0.1.0-alpha", "0.1.0", "0.1.1", "0.10.0", "1.0.0"]);
  });

  it("Go: v prefix, pseudo-versions and +incompatible (go.dev/ref/mod)", () => {
    expectEqual("Go", ["v1.2.3", "1.2.3"]);
    expectEqual("Go", ["v2.0.0+incompatible", "2.0.0"]);
    // a pseudo-version for a commit before v0.1.0 sorts below it; vX.Y.(Z+1)-0.timestamp sorts above vX.Y.Z
    expectAscending("Go", [
      "v0.0.0-20191109021931-daa7c04131f5",
      "v0.0.0-20200101000000-aaaaaaaaaaaa",
      "v0.1.0",
      "v1.2.3",
      "v1.2.4-0.20191109021931-daa7c04131f5",
      "v1.2.4",
    ]);
    expectAscending("Go", ["1.21rc2", "1.21.0", "go1.21.12", "1.22.0-0", "1.22.5"]);
  });

  it("PyPI: PEP 440 summary ordering example", () => {
    // PEP 440, "Summary of permitted suffixes and relative ordering"
    expectAscending("PyPI", [
      "1.dev0",
      "1.0.dev456",
      "1.0a1",
      "1.0a2.dev456",
      "1.0a12.dev456",
      "1.0a12",
      "1.0b1.dev456",
      "1.0b2",
      "1.0b2.post345.dev456",
      "1.0b2.post345",
      "1.0rc1.dev456",
      "1.0rc1",
      "1.0",
      "1.0+abc.5",
      "1.0+abc.7",
      "1.0+5",
      "1.0.post456.dev34",
      "1.0.post456",
      "1.0.15",
      "1.1.dev1",
    ]);
    expectAscending("PyPI", ["2.0", "1!1.0"]);
    expectEqual("PyPI", ["1.0", "1.0.0", "v1.0"]);
  });

  it("Maven: POM version order specification examples", () => {
    // https://maven.apache.org/pom.html#version-order-specification
    expectAscending("Maven", ["1", "1.1"]);
    expectAscending("Maven", ["1-snapshot", "1", "1-sp"]);
    expectAscending("Maven", ["1-foo2", "1-foo10"]);
    expectAscending("Maven", ["1-1", "1.1"]);
    expectEqual("Maven", ["1.ga", "1-ga", "1-0", "1.0", "1", "1.final", "1.RELEASE"]);
    expectAscending("Maven", ["1-ga", "1-sp"]);
    expectAscending("Maven", ["1-ga.1", "1-sp.1"]);
    expectEqual("Maven", ["1-a1", "1-alpha-1", "1-ALPHA1"]);
    expectAscending("Maven", [
      "1.0-alpha-1",
      "1.0-beta-1",
      "1.0-milestone-1",
      "1.0-rc-1",
      "1.0-SNAPSHOT",
      "1.0",
      "1.0-sp1",
    ]);
    expectAscending("Maven", ["2.6.0-M3", "2.6.0-RC1", "2.6.0", "2.6.1"]);
    expectAscending("Maven", ["11.6.1", "11.10.13", "12.0", "12.6.7", "12.10.0", "12.10.2"]);
  });

  it("RubyGems: Gem::Version examples", () => {
    // Gem::Version docs: "1.0.a.1 < 1.0.a.2 < 1.0.b1 < 1.0.rc1 < 1.0"; a - is .pre.
    expectAscending("RubyGems", ["1.0.a.1", "1.0.a.2", "1.0.b1", "1.0.rc1", "1.0", "1.0.1", "1.1"]);
    expectEqual("RubyGems", ["1.2.3-1", "1.2.3.pre.1"]);
    expectEqual("RubyGems", ["1.0", "1.0.0", "1"]);
    expectAscending("RubyGems", ["3.2.0", "3.2.22", "4.0.0", "4.1.11", "4.2.0", "4.2.2"]);
  });

  it("NuGet: package versioning examples", () => {
    // learn.microsoft.com/nuget/concepts/package-versioning#pre-release-versions
    expectAscending("NuGet", ["1.0.1-alpha", "1.0.1-beta", "1.0.1-rc", "1.0.1-zzz", "1.0.1"]);
    expectAscending("NuGet", [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0",
    ]);
    expectEqual("NuGet", ["1.0", "1.0.0", "1.0.0.0", "1.0.0+git.abc"]);
    expectEqual("NuGet", ["1.0.0-ALPHA", "1.0.0-alpha"]);
    expectAscending("NuGet", ["1.0.0.1", "1.0.1"]);
  });

  it("Debian: dpkg ordering with epochs and ~ (Debian Policy 5.6.12)", () => {
    // policy: "~~" < "~~a" < "~" < "" < "a"
    expect(verrevcmp("~~", "~~a")).toBeLessThan(0);
    expect(verrevcmp("~~a", "~")).toBeLessThan(0);
    expect(verrevcmp("~", "")).toBeLessThan(0);
    expect(verrevcmp("", "a")).toBeLessThan(0);
    expectAscending("Debian", ["1.0~rc1-1", "1.0-1", "1.0-1+deb11u1", "1.0.1-1", "1:0.9-1", "2:0.1"]);
    expectAscending("Debian", ["1.1.1n-0+deb11u3", "1.1.1n-0+deb11u4", "1.1.1w-0+deb11u1"]);
    expectEqual("Debian", ["0:1.0-1", "1.0-1"]);
    expectAscending("Ubuntu", ["2.31-0ubuntu9", "2.31-0ubuntu9.2", "2.35-0ubuntu3"]);
  });

  it("RPM: rpmvercmp examples (Red Hat)", () => {
    expect(rpmvercmp("1.0~rc1", "1.0")).toBe(-1);
    expect(rpmvercmp("1.0^git1", "1.0")).toBe(1);
    expect(rpmvercmp("1.0^git1", "1.0.1")).toBe(-1);
    expect(rpmvercmp("1.0a", "1.0")).toBe(1);
    expect(rpmvercmp("2.0", "2_0")).toBe(0);
    expectAscending("Red Hat", ["0:2.13.3-3.el8_6", "0:2.13.3-3.el8_6.1", "1:0.1-1"]);
  });

  it("unparseable versions are typed errors, unknown ecosystems UNSUPPORTED", () => {
    expect(() => compareVersions("npm", "not a version", "1.0.0")).toThrow(/not a npm version/);
    expect(() => compareVersions("Alpine:v3.18", "1", "2")).toThrow(/No version ordering/);
    expect(orderingFor("Debian:11")?.ecosystem).toBe("Debian");
  });
});

const sampleVersions: Record<string, fc.Arbitrary<string>> = {
  npm: fc
    .tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.option(fc.constantFrom("alpha", "beta.1", "rc.2", "0")))
    .map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ""}`),
  PyPI: fc
    .tuple(
      fc.nat(3),
      fc.nat(5),
      fc.constantFrom("", "a1", "b2", "rc1", ".post1", ".dev3", "+local.1"),
      fc.constantFrom("", "1!"),
    )
    .map(([a, b, s, e]) => `${e}${a}.${b}${s}`),
  // includes the corner cases where Maven's nested-list ComparableVersion is not transitive (MNG-5568)
  Maven: fc
    .tuple(
      fc.constantFrom("1", "0", "2", "10", "sp", "ga", "alpha"),
      fc.array(
        fc.constantFrom(
          "1",
          "0",
          "2",
          "10",
          "alpha",
          "beta",
          "rc",
          "sp",
          "ga",
          "foo",
          "a1",
          "m2",
          "SNAPSHOT",
        ),
        {
          maxLength: 4,
        },
      ),
    )
    .chain(([first, parts]) =>
      fc
        .array(fc.constantFrom(".", "-"), { minLength: parts.length, maxLength: parts.length })
        .map((seps) => first + parts.map((p, i) => `${seps[i]}${p}`).join("")),
    ),
  RubyGems: fc
    .array(fc.constantFrom("0", "1", "2", "10", "a", "b", "pre", "rc1"), { minLength: 1, maxLength: 4 })
    .map((p) => `1.${p.join(".")}`),
  NuGet: fc
    .tuple(
      fc.nat(3),
      fc.nat(3),
      fc.nat(3),
      fc.nat(2),
      fc.option(fc.constantFrom("alpha", "Alpha.1", "beta", "rc.10", "rc.9")),
    )
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p ? `-${p}` : ""}`),
  Debian: fc
    .tuple(
      fc.constantFrom("", "1:", "2:"),
      fc.constantFrom("1.0", "1.0~rc1", "1.0a", "1.0+dfsg", "1.0.1", "0.9~~"),
      fc.constantFrom("", "-1", "-1ubuntu1", "-0~bpo1"),
    )
    .map(([e, u, r]) => `${e}${u}${r}`),
  Go: fc
    .tuple(fc.nat(3), fc.nat(3), fc.option(fc.constantFrom("0.20191109021931-daa7c04131f5", "rc.1")))
    .map(([a, b, p]) => `v${a}.${b}.0${p ? `-${p}` : ""}`),
  "Red Hat": fc
    .tuple(
      fc.constantFrom("", "1:"),
      fc.constantFrom("1.0", "1.0~rc1", "1.0^git1", "1.0a", "1.01"),
      fc.constantFrom("", "-1.el8", "-2"),
    )
    .map(([e, v, r]) => `${e}${v}${r}`),
};

describe("SOUP-03 version orderings are total orders (property tests)", () => {
  for (const [ecosystem, arb] of Object.entries(sampleVersions)) {
    it(`${ecosystem}: reflexive, antisymmetric and transitive`, () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          const ab = compareVersions(ecosystem, a, b);
          const ba = compareVersions(ecosystem, b, a);
          expect(compareVersions(ecosystem, a, a)).toBe(0);
          expect(ab).toBe(-ba || 0);
          const bc = compareVersions(ecosystem, b, c);
          if (ab <= 0 && bc <= 0) expect(compareVersions(ecosystem, a, c)).toBeLessThanOrEqual(0);
          if (ab === 0) expect(compareVersions(ecosystem, a, c)).toBe(bc);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it("hostile strings never throw from parse (they return undefined) and never hang", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const eco of [
          "npm",
          "PyPI",
          "Maven",
          "RubyGems",
          "NuGet",
          "Debian",
          "Go",
          "Red Hat",
          "crates.io",
        ]) {
          const o = orderingFor(eco);
          const p = o?.parse(s);
          if (p !== undefined) expect(o?.compare(p, p)).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
    const long = `${"1.".repeat(5000)}1`;
    const t = Date.now();
    for (const eco of ["Maven", "RubyGems", "Debian", "PyPI"]) orderingFor(eco)?.parse(long);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe("SOUP-03 PyPI sort key agrees with @renovatebot/pep440 compare", () => {
  it("differential property test", async () => {
    const pep440 = await import("@renovatebot/pep440");
    const v = fc
      .tuple(
        fc.constantFrom("", "1!", "2!"),
        fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("", "a1", "b2", "rc1", "a0", "rc10"),
        fc.constantFrom("", ".post1", ".post0", ".post12"),
        fc.constantFrom("", ".dev0", ".dev3"),
        fc.constantFrom("", "+local", "+1", "+abc.5", "+abc.7", "+5.abc", "+ubuntu.1"),
      )
      .map(([e, r, pre, post, dev, local]) => `${e}${r.join(".")}${pre}${post}${dev}${local}`);
    fc.assert(
      fc.property(v, v, (a, b) => {
        expect(compareVersions("PyPI", a, b)).toBe(Math.sign(pep440.compare(a, b)));
      }),
      { numRuns: 3000 },
    );
  });
});
