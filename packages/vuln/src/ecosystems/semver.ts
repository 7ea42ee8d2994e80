import semver from "semver";
import type { VersionOrdering } from "./ordering.js";

/**
 * SemVer 2.0 precedence (section 11) through the `semver` library, for npm, crates.io, Hex, Pub,
 * SwiftURL and OSV `SEMVER` ranges. Build metadata is ignored, as SemVer requires.
 */
function semverOrdering(ecosystem: string): VersionOrdering<semver.SemVer> {
  return {
    ecosystem,
    parse(version) {
      const v = version.trim();
      if (v.length > 256) return undefined;
      return semver.parse(v) ?? undefined;
    },
    compare: (a, b) => a.compare(b),
    // semver.parse accepts "v1.2.3" as 1.2.3; releases without pre-release compare by their triple
    plainTriples: "v",
  };
}

/** npm: SemVer 2.0 (npm's own `semver` package). */
export const npmOrdering = semverOrdering("npm");
/** crates.io: Cargo uses SemVer 2.0. */
export const cratesOrdering = semverOrdering("crates.io");
/** Generic SemVer 2.0 ordering (OSV `SEMVER` range type). */
export const semverRangeOrdering = semverOrdering("SEMVER");

/**
 * Go modules: semantic versions with a mandatory `v` prefix in go.mod, written without it in OSV.
 * Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`, `v1.2.4-0.20191109021931-daa7c04131f5`) are
 * SemVer pre-releases whose first identifier sorts by timestamp, so SemVer precedence already orders
 * them as Go does (https://go.dev/ref/mod#pseudo-versions). `+incompatible` is build metadata and is
 * ignored. The standard library's `go1.21.5` / `1.21` forms are mapped onto `1.21.5` / `1.21.0`.
 */
export const goOrdering: VersionOrdering<semver.SemVer> = {
  ecosystem: "Go",
  parse(version) {
    let v = version.trim();
    if (v.length > 256) return undefined;
    if (v.startsWith("go")) v = v.slice(2);
    if (v.startsWith("v")) v = v.slice(1);
    const direct = semver.parse(v);
    if (direct) return direct;
    // Go toolchain versions: "1.21" and "1.21rc2" (https://go.dev/doc/toolchain#version)
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const core = `${m[1]}.${m[2]}.${m[3] ?? "0"}`;
    return semver.parse(m[4] ? `${core}-${m[4]}.${m[5]}` : core) ?? undefined;
  },
  compare: (a, b) => a.compare(b),
  plainTriples: "v",
};
