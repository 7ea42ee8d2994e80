import { QmsError } from "@qmskit/core";
import { orderingFor } from "./index.js";

/**
 * Compare two versions in an OSV ecosystem (negative when `a` is older).
 *
 * @throws QmsError `UNSUPPORTED` when the ecosystem has no ordering, `VERSION_INVALID` when a version does not parse.
 * @example
 * ```ts
 * compareVersions("Debian", "1.0~rc1", "1.0"); // < 0
 * ```
 */
export function compareVersions(ecosystem: string, a: string, b: string): number {
  const ordering = orderingFor(ecosystem);
  if (!ordering)
    throw new QmsError("UNSUPPORTED", `No version ordering for ecosystem "${ecosystem}"`, {
      details: { ecosystem },
    });
  const pa = ordering.parse(a);
  const pb = ordering.parse(b);
  if (pa === undefined || pb === undefined)
    throw new QmsError("VERSION_INVALID", `"${pa === undefined ? a : b}" is not a ${ecosystem} version`, {
      details: { ecosystem, version: pa === undefined ? a : b },
    });
  return Math.sign(ordering.compare(pa, pb));
}
