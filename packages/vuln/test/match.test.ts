import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import semver from "semver";
import { describe, expect, it } from "vitest";
import type { Advisory, MatchableComponent, OsvAffected } from "../src/index.js";
import {
  buildAdvisoryIndex,
  isAffected,
  matchComponents,
  npmRangeToOsv,
  nswgToOsv,
  packageKey,
  parseAdvisoryText,
  purlToPackage,
  readAdvisories,
  scan,
} from "../src/index.js";

const conformance = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const nswgDir = `${conformance}advisories/nodejs-security-wg/`;

describe("SOUP-03 purl → ecosystem + normalised name", () => {
  it("PyPI PEP 503, Maven group:artifact, npm scopes, Go module paths, distro namespaces", () => {
    expect(purlToPackage("pkg:pypi/Products.PluggableAuthService@2.6.0")?.key).toBe(
      packageKey("PyPI", "products-pluggableauthservice").key,
    );
    expect(purlToPackage("pkg:pypi/Django_REST.framework")?.key).toBe("PyPI\u0000django-rest-framework");
    expect(purlToPackage("pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.0")?.name).toBe(
      "com.typesafe.akka:akka-actor_2.12",
    );
    expect(purlToPackage("pkg:npm/%40angular/core@1.0.0")?.name).toBe("@angular/core");
    expect(purlToPackage("pkg:golang/github.com/gin-gonic/gin@v1.5.0")?.name).toBe(
      "github.com/gin-gonic/gin",
    );
    expect(purlToPackage("pkg:golang/github.com/Azure/go-autorest@v1")?.name).toBe(
      "github.com/Azure/go-autorest",
    );
    expect(purlToPackage("pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3?distro=debian-11")?.ecosystem).toBe(
      "Debian",
    );
    expect(purlToPackage("pkg:rpm/redhat/git-lfs@2.13.3")?.ecosystem).toBe("Red Hat");
    expect(purlToPackage("pkg:nuget/Newtonsoft.Json@12.0.1")?.key).toBe(
      packageKey("NuGet", "newtonsoft.json").key,
    );
    expect(purlToPackage("pkg:cargo/rand@0.8.0")?.ecosystem).toBe("crates.io");
    expect(purlToPackage("pkg:gem/rails@7.0.0")?.ecosystem).toBe("RubyGems");
    expect(purlToPackage("pkg:generic/foo@1")).toBeUndefined();
    expect(purlToPackage("pkg:constructor/x@1")).toBeUndefined();
    expect(purlToPackage("not a purl")).toBeUndefined();
  });
});

const osv = (
  id: string,
  ecosystem: string,
  name: string,
  events: Record<string, string>[],
  type = "ECOSYSTEM",
): Advisory =>
  parseAdvisoryText(
    JSON.stringify({
      id,
      modified: "2024-01-01T00:00:00Z",
      affected: [{ package: { ecosystem, name }, ranges: [{ type, events }] }],
    }),
    `${id}.json`,
  ).advisories[0] as Advisory;

describe("SOUP-03 matching through the index", () => {
  it("matches by normalised name, reports components without purl as known unknowns", () => {
    const index = buildAdvisoryIndex([
      osv("PYSEC-1", "PyPI", "products-pluggableauthservice", [{ introduced: "0" }, { fixed: "2.6.1" }]),
      osv("GHSA-mvn", "Maven", "com.typesafe.akka:akka-actor_2.12", [
        { introduced: "2.5.0" },
        { fixed: "2.5.16" },
      ]),
      osv("GO-1", "Go", "github.com/gin-gonic/gin", [{ introduced: "0" }, { fixed: "1.6.0" }], "SEMVER"),
    ]);
    const components: MatchableComponent[] = [
      {
        ref: "a",
        name: "Products.PluggableAuthService",
        version: "2.6.0",
        purl: "pkg:pypi/Products.PluggableAuthService@2.6.0",
      },
      {
        ref: "b",
        name: "akka-actor_2.12",
        version: "2.5.3",
        purl: "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.3",
      },
      { ref: "c", name: "gin", version: "v1.5.0", purl: "pkg:golang/github.com/gin-gonic/gin@v1.5.0" },
      { ref: "d", name: "gin", version: "v1.6.0", purl: "pkg:golang/github.com/gin-gonic/gin@v1.6.0" },
      { ref: "e", name: "firmware-blob", version: "3" },
      { ref: "f", name: "thing", purl: "pkg:generic/thing@1" },
      { ref: "g", name: "bad", purl: "pkg:" },
    ];
    const r = matchComponents(components, index);
    expect(r.matches.map((m) => `${m.component.ref}:${m.advisory.id}`)).toEqual([
      "a:PYSEC-1",
      "b:GHSA-mvn",
      "c:GO-1",
    ]);
    expect(r.notMatchable.map((n) => `${n.component.ref}:${n.reason}`)).toEqual([
      "e:no-purl",
      "f:unsupported-purl-type",
      "g:invalid-purl",
    ]);
    expect(r.checked).toBe(4);
  });

  it("withdrawn advisories never match; duplicate ids keep the newest record", () => {
    const w = JSON.parse(readFileSync(`${conformance}osv/ghsa-to-osv/withdrawn.osv.json`, "utf8"));
    const adv = parseAdvisoryText(JSON.stringify(w), "withdrawn.json").advisories;
    const index = buildAdvisoryIndex([
      ...adv,
      ...parseAdvisoryText(JSON.stringify({ ...w, modified: "2000-01-01T00:00:00Z" }), "old.json").advisories,
    ]);
    expect(index.withdrawn).toEqual(["GHSA-35c4-f3rq-f9g3"]);
    expect(index.problems[0]?.code).toBe("OSV_DUPLICATE");
    expect(
      matchComponents(
        [{ ref: "x", name: "activesupport", version: "4.2.1", purl: "pkg:gem/activesupport@4.2.1" }],
        index,
      ).matches,
    ).toEqual([]);
  });

  it("a component version that does not parse is reported as unevaluated, not dropped", () => {
    const index = buildAdvisoryIndex([osv("A", "npm", "left-pad", [{ introduced: "0" }], "SEMVER")]);
    const r = matchComponents(
      [
        { ref: "x", name: "left-pad", version: "latest", purl: "pkg:npm/left-pad@latest" },
        { ref: "y", name: "left-pad", purl: "pkg:npm/left-pad" },
      ],
      index,
    );
    expect(r.matches).toEqual([]);
    expect(r.unevaluated.map((u) => u.component.ref)).toEqual(["x", "y"]);
  });
});

describe("SOUP-03 Node.js Security WG npm advisories converted to OSV", () => {
  const files = readdirSync(nswgDir).filter((f) => /^\d+\.json$/.test(f));
  const raw = files.map(
    (f) =>
      JSON.parse(readFileSync(`${nswgDir}${f}`, "utf8")) as {
        id: number;
        module_name: string;
        vulnerable_versions: string;
      },
  );

  it("all 467 advisories convert to schema-valid-shaped OSV records; the directory reader skips index.json", async () => {
    expect(files).toHaveLength(467);
    const { advisories, problems } = await readAdvisories(nswgDir);
    expect(advisories).toHaveLength(467);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(advisories.find((a) => a.record.id === "NSWG-ECO-1")?.record.aliases).toEqual(["CVE-2014-7205"]);
  });

  it("OSV evaluation of the converted ranges equals semver.satisfies on boundary versions (releases)", () => {
    let checked = 0;
    for (const a of raw) {
      const conv = npmRangeToOsv(a.vulnerable_versions);
      expect(conv, `${a.id}: ${a.vulnerable_versions}`).toBeDefined();
      const affected: OsvAffected = {
        package: { ecosystem: "npm", name: a.module_name },
        ranges: conv?.ranges ?? [],
        versions: conv?.versions ?? [],
      };
      const probes = new Set(["0.0.0", "0.0.1", "99.999.99999", "100.0.0"]);
      const range = new semver.Range(a.vulnerable_versions, { loose: true });
      for (const set of range.set)
        for (const c of set) {
          if (c.value === "") continue;
          const v = c.semver;
          for (const p of [
            v.version,
            `${v.major}.${v.minor}.${v.patch + 1}`,
            v.patch > 0 ? `${v.major}.${v.minor}.${v.patch - 1}` : `${v.major}.${v.minor}.0`,
            `${v.major + 1}.0.0`,
          ])
            if (semver.valid(p) && semver.prerelease(p) === null) probes.add(p);
        }
      for (const p of probes) {
        expect(isAffected(affected, p).affected, `NSWG ${a.id} "${a.vulnerable_versions}" at ${p}`).toBe(
          semver.satisfies(p, range),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it("npm range conversion: exclusive lower bounds, X-ranges, ||, exact versions, last_affected", () => {
    expect(npmRangeToOsv("< 2.1.7 > 2.0.0")?.ranges).toEqual([
      { type: "SEMVER", events: [{ introduced: "2.0.1-0" }, { fixed: "2.1.7" }] },
    ]);
    expect(npmRangeToOsv("<=1.5.1")?.ranges).toEqual([
      { type: "SEMVER", events: [{ introduced: "0" }, { last_affected: "1.5.1" }] },
    ]);
    expect(npmRangeToOsv("2.0.x || 2.1.x")?.ranges).toHaveLength(2);
    expect(npmRangeToOsv("=1.0.0 || 1.2.3")?.versions).toEqual(["1.0.0", "1.2.3"]);
    expect(npmRangeToOsv("*")?.ranges).toEqual([{ type: "SEMVER", events: [{ introduced: "0" }] }]);
    expect(npmRangeToOsv("not a range ><")).toBeUndefined();
    expect(nswgToOsv({ hello: 1 })).toEqual({ hello: 1 });
  });

  it("case-sensitive npm names: jQuery and jquery advisories stay apart", async () => {
    const { advisories } = await readAdvisories(nswgDir);
    const index = buildAdvisoryIndex(advisories);
    const upper = matchComponents(
      [{ ref: "J", name: "jQuery", version: "1.8.0", purl: "pkg:npm/jQuery@1.8.0" }],
      index,
    ).matches;
    const lower = matchComponents(
      [{ ref: "j", name: "jquery", version: "1.8.0", purl: "pkg:npm/jquery@1.8.0" }],
      index,
    ).matches;
    const names = (ms: typeof upper) =>
      new Set(ms.flatMap((m) => m.advisory.affected?.map((a) => a.package?.name) ?? []));
    expect(upper.length).toBeGreaterThan(0);
    expect(names(upper)).toEqual(new Set(["jQuery"]));
    expect(names(lower)).toEqual(new Set(["jquery"]));
  });

  it("the scan never crashes on random components against the real advisories", async () => {
    const { advisories } = await readAdvisories(nswgDir);
    const names = [...new Set(raw.map((r) => r.module_name))];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom(...names.slice(0, 50), "__proto__", "constructor"),
            version: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("1.0.0", "0.1.2", "2.3.4")),
          }),
          { maxLength: 20 },
        ),
        (cs) => {
          const components = cs.map((c, i) => ({
            ref: `r${i}`,
            name: c.name,
            version: c.version,
            purl: `pkg:npm/${encodeURIComponent(c.name)}@${encodeURIComponent(c.version)}`,
          }));
          const { report } = scan({ components, advisories });
          expect(report.summary.components).toBe(components.length);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("SOUP-03 the plain-purl fast path agrees with packageurl-js", () => {
  it("differential property test against PackageURL.parseString", async () => {
    const { PackageURL } = await import("packageurl-js");
    const { parsePurl } = await import("../src/purl.js");
    const seg = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,7}$/);
    const purl = fc
      .tuple(
        fc.constantFrom("npm", "pypi", "maven", "golang", "nuget", "cargo", "gem", "deb", "generic", "NPM"),
        fc.array(seg, { maxLength: 2 }),
        seg,
        fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,7}$/)),
        fc.option(fc.constantFrom("?arch=amd64", "?distro=debian-11&arch=x86_64", "?type=jar")),
      )
      .map(([t, ns, n, v, q]) => `pkg:${t}/${[...ns, n].join("/")}${v ? `@${v}` : ""}${q ?? ""}`);
    fc.assert(
      fc.property(purl, (p) => {
        const ours = parsePurl(p);
        let theirs: unknown[] | undefined;
        try {
          theirs = PackageURL.parseString(p) as unknown[];
        } catch {
          theirs = undefined;
        }
        if (!theirs) return;
        const [type, namespace, name, version] = theirs as (string | undefined | null)[];
        expect(ours?.type).toBe(String(type).toLowerCase());
        expect(ours?.namespace ?? null).toBe(namespace || null);
        expect(ours?.name).toBe(name);
        expect(ours?.version ?? null).toBe(version || null);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("SOUP-03 hostile purls are parsed in linear time", () => {
  it("4,000 slashes, repeated separators and 4 KB names take milliseconds, not minutes", async () => {
    const { parsePurl } = await import("../src/purl.js");
    for (const evil of [
      `pkg:a/${"/".repeat(4000)}@`,
      `pkg:a/${"a/".repeat(2000)}@@`,
      `pkg:a/x${"/".repeat(4000)}%`,
      `pkg:${"a".repeat(4090)}!`,
      `pkg:npm/${"@".repeat(4000)}`,
      `pkg:npm/x?${"?".repeat(4000)}`,
    ]) {
      const t = performance.now();
      parsePurl(evil);
      expect(performance.now() - t, evil.slice(0, 20)).toBeLessThan(200);
    }
  });
});
