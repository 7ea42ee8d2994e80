import { debianOrdering } from "./debian.js";
import { mavenOrdering } from "./maven.js";
import { nugetOrdering } from "./nuget.js";
import type { VersionOrdering } from "./ordering.js";
import { pypiOrdering } from "./pypi.js";
import { rpmOrdering } from "./rpm.js";
import { rubygemsOrdering } from "./rubygems.js";
import { cratesOrdering, goOrdering, npmOrdering, semverRangeOrdering } from "./semver.js";

const rename = <T>(o: VersionOrdering<T>, ecosystem: string): VersionOrdering<T> => ({ ...o, ecosystem });

const ORDERINGS: ReadonlyMap<string, VersionOrdering> = new Map<string, VersionOrdering>([
  ["npm", npmOrdering],
  ["crates.io", cratesOrdering],
  ["Go", goOrdering],
  ["Hex", rename(cratesOrdering, "Hex")],
  ["Pub", rename(cratesOrdering, "Pub")],
  ["SwiftURL", rename(cratesOrdering, "SwiftURL")],
  ["PyPI", pypiOrdering],
  ["Maven", mavenOrdering],
  ["RubyGems", rubygemsOrdering],
  ["NuGet", nugetOrdering],
  ["Debian", debianOrdering],
  ["Ubuntu", rename(debianOrdering, "Ubuntu")],
  ["Red Hat", rpmOrdering],
  ["SUSE", rename(rpmOrdering, "SUSE")],
  ["openSUSE", rename(rpmOrdering, "openSUSE")],
  ["Rocky Linux", rename(rpmOrdering, "Rocky Linux")],
  ["AlmaLinux", rename(rpmOrdering, "AlmaLinux")],
  ["Mageia", rename(rpmOrdering, "Mageia")],
  ["openEuler", rename(rpmOrdering, "openEuler")],
]);

/** The ecosystem without its `:<suffix>` (`Debian:11` → `Debian`, `Maven:https://…` → `Maven`). */
export function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(":");
  return i === -1 ? ecosystem : ecosystem.slice(0, i);
}

/**
 * The version ordering of an OSV ecosystem (suffixes such as `Debian:11` are ignored), or
 * `undefined` when qmskit has none (for example Alpine), in which case `ECOSYSTEM` ranges are
 * reported as unsupported and only the `versions` list is used.
 */
export function orderingFor(ecosystem: string): VersionOrdering | undefined {
  return ORDERINGS.get(baseEcosystem(ecosystem));
}

/** Every ecosystem with a version ordering. */
export function supportedEcosystems(): string[] {
  return [...ORDERINGS.keys()];
}

/** The ordering of OSV `SEMVER` ranges (SemVer 2.0 precedence). Go ranges keep Go's `v`-tolerant parsing. */
export function semverOrderingFor(ecosystem: string): VersionOrdering {
  return baseEcosystem(ecosystem) === "Go" ? goOrdering : semverRangeOrdering;
}

export { compareVersions } from "./compare.js";
export type { VersionOrdering } from "./ordering.js";
