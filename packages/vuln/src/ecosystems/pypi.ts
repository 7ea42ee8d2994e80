import * as pep440 from "@renovatebot/pep440";
import type { VersionOrdering } from "./ordering.js";

/**
 * PyPI: PEP 440 ordering (epochs, pre/post/dev releases, local versions) through
 * `@renovatebot/pep440`, a maintained port of Python's `packaging.version`.
 */
export const pypiOrdering: VersionOrdering<string> = {
  ecosystem: "PyPI",
  parse(version) {
    const v = version.trim();
    if (v.length > 256) return undefined;
    return pep440.valid(v) === null ? undefined : v;
  },
  compare: (a, b) => pep440.compare(a, b),
};

/** PEP 503 name normalisation: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
