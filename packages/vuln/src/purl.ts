/**
 * Package identity for matching: a purl (or an OSV package) becomes an OSV ecosystem plus a
 * normalised package name, so that SBOM components and advisories meet in one index key.
 *
 * Normalisation per ecosystem: PyPI names per PEP 503; Maven as `group:artifact`; npm scopes as
 * `@scope/name`; Go module paths as `namespace/name`; NuGet, crates.io, Debian and RPM names are
 * compared case-insensitively. npm names are case-sensitive on the registry (legacy `jQuery` and
 * `jquery` are different packages), so the key is lower-cased but the exact name is kept to prefer
 * exact matches.
 */
import { PackageURL } from "packageurl-js";
import { baseEcosystem } from "./ecosystems/index.js";
import { normalizePypiName } from "./ecosystems/pypi.js";

/** A package identity in OSV terms. */
export interface PackageKey {
  /** OSV ecosystem without suffix (`npm`, `PyPI`, `Maven`, …). */
  readonly ecosystem: string;
  /** The name as OSV writes it (`group:artifact` for Maven, module path for Go). */
  readonly name: string;
  /** The index key: ecosystem and normalised name. */
  readonly key: string;
}

/** A parsed purl (the parts matching needs). */
export interface ParsedPurl {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly qualifiers: Readonly<Record<string, string>>;
}

// The common shape (no percent-escapes, at most one "@", "?" and "#") is parsed here because packageurl-js'
// parseString costs ~15 µs per purl (measured in bench/match.bench.ts); everything else goes to the library.
// Index scans only, no regular expression over the whole string (so no super-linear backtracking).
const TYPE = /^[A-Za-z][A-Za-z0-9.+-]*$/;

/** Shared (frozen) qualifiers of purls without any, so the common case allocates no dictionary. */
const NO_QUALIFIERS: Record<string, string> = Object.freeze(Object.create(null));

function parseSimple(purl: string): ParsedPurl | undefined {
  if (!purl.startsWith("pkg:") || purl.includes("%")) return undefined;
  let rest = purl.slice(4);
  const hash = rest.indexOf("#");
  if (hash !== -1) {
    if (rest.indexOf("#", hash + 1) !== -1) return undefined;
    rest = rest.slice(0, hash);
  }
  let query = "";
  const q = rest.indexOf("?");
  if (q !== -1) {
    if (rest.indexOf("?", q + 1) !== -1) return undefined;
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let version: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    if (rest.indexOf("@", at + 1) !== -1) return undefined;
    version = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (version.length === 0 || version.includes("/")) return undefined;
  }
  const slash = rest.indexOf("/");
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash);
  if (!TYPE.test(type)) return undefined;
  // namespace segments and name, empty segments dropped (no array when there are none to drop)
  const body = rest.slice(slash + 1);
  let namespace: string | undefined;
  let name: string | undefined;
  if (body.length > 0 && body.charCodeAt(0) !== 47 && !body.endsWith("/") && !body.includes("//")) {
    const last = body.lastIndexOf("/");
    if (last === -1) name = body;
    else {
      namespace = body.slice(0, last);
      name = body.slice(last + 1);
    }
  } else {
    const path: string[] = [];
    for (const seg of body.split("/")) if (seg.length > 0) path.push(seg);
    name = path.pop();
    if (path.length > 0) namespace = path.join("/");
  }
  if (!name) return undefined;
  let qualifiers: Record<string, string> = NO_QUALIFIERS;
  if (query) {
    qualifiers = Object.create(null);
    for (const pair of query.split("&")) {
      const eq = pair.indexOf("=");
      if (eq > 0 && eq < pair.length - 1) qualifiers[pair.slice(0, eq).toLowerCase()] = pair.slice(eq + 1);
    }
  }
  const lowerType = type.toLowerCase();
  if (namespace !== undefined)
    return version
      ? { type: lowerType, namespace, name, version, qualifiers }
      : { type: lowerType, namespace, name, qualifiers };
  return version ? { type: lowerType, name, version, qualifiers } : { type: lowerType, name, qualifiers };
}

/** Parse a purl string; `undefined` when it is not a valid purl. */
export function parsePurl(purl: string): ParsedPurl | undefined {
  if (typeof purl !== "string" || purl.length > 4096) return undefined;
  const simple = parseSimple(purl);
  if (simple) return simple;
  try {
    // parseString decodes without the per-type normalisation of fromString (which lower-cases npm
    // names and fails on upper-case Go paths in packageurl-js 2.0.1).
    const [type, namespace, name, version, qualifiers] = PackageURL.parseString(purl);
    if (typeof type !== "string" || typeof name !== "string" || name.length === 0) return undefined;
    const q: Record<string, string> = Object.create(null);
    if (qualifiers && typeof qualifiers === "object")
      for (const [k, v] of Object.entries(qualifiers)) if (typeof v === "string") q[k] = v;
    return {
      type: type.toLowerCase(),
      ...(typeof namespace === "string" && namespace.length > 0 ? { namespace } : {}),
      name,
      ...(typeof version === "string" && version.length > 0 ? { version } : {}),
      qualifiers: q,
    };
  } catch {
    return undefined;
  }
}

const PURL_TYPE_TO_ECOSYSTEM: Readonly<Record<string, string>> = {
  npm: "npm",
  pypi: "PyPI",
  maven: "Maven",
  golang: "Go",
  cargo: "crates.io",
  gem: "RubyGems",
  nuget: "NuGet",
  composer: "Packagist",
  hex: "Hex",
  pub: "Pub",
  hackage: "Hackage",
  cran: "CRAN",
  swift: "SwiftURL",
  conan: "ConanCenter",
  github: "GitHub Actions",
};

const DISTRO_NAMESPACE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  deb: { debian: "Debian", ubuntu: "Ubuntu" },
  rpm: {
    redhat: "Red Hat",
    suse: "SUSE",
    opensuse: "openSUSE",
    rocky: "Rocky Linux",
    "rocky-linux": "Rocky Linux",
    almalinux: "AlmaLinux",
    mageia: "Mageia",
    openeuler: "openEuler",
  },
  apk: { alpine: "Alpine", wolfi: "Wolfi", chainguard: "Chainguard" },
};

/** The package name normalised for its (suffix-free) ecosystem, as the index compares names. */
export function normalizedName(ecosystem: string, name: string): string {
  switch (ecosystem) {
    case "PyPI":
      return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) ? name : normalizePypiName(name);
    case "Go":
    case "RubyGems":
    case "GitHub Actions":
    case "SwiftURL":
      return name;
    default:
      return name.toLowerCase();
  }
}

/** The index key string of an ecosystem and a name (the name normalised for that ecosystem). */
export function packageKeyString(ecosystem: string, name: string): string {
  const eco = baseEcosystem(ecosystem);
  return `${eco}\u0000${normalizedName(eco, name)}`;
}

/** The index key of an ecosystem and a name (the name normalised for that ecosystem). */
export function packageKey(ecosystem: string, name: string): PackageKey {
  return { ecosystem: baseEcosystem(ecosystem), name, key: packageKeyString(ecosystem, name) };
}

/**
 * The OSV package a purl names, or `undefined` when its type has no OSV ecosystem.
 * `componentName` (the SBOM component's name) restores the case of npm names lower-cased by purl tools.
 *
 * @example
 * ```ts
 * purlToPackage("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")?.name; // "org.apache.logging.log4j:log4j-core"
 * ```
 */
export function purlToPackage(purl: string | ParsedPurl, componentName?: string): PackageKey | undefined {
  const p = typeof purl === "string" ? parsePurl(purl) : purl;
  if (!p) return undefined;
  const id = purlEcosystemName(p, componentName);
  return id ? packageKey(id.ecosystem, id.name) : undefined;
}

/** The OSV ecosystem and package name of a parsed purl, without the index key (hot path of matching). */
export function purlEcosystemName(
  p: ParsedPurl,
  componentName?: string,
): { ecosystem: string; name: string } | undefined {
  let ecosystem = Object.hasOwn(PURL_TYPE_TO_ECOSYSTEM, p.type) ? PURL_TYPE_TO_ECOSYSTEM[p.type] : undefined;
  let name = p.name;
  switch (p.type) {
    case "npm":
      if (p.namespace) name = `${p.namespace.startsWith("@") ? "" : "@"}${p.namespace}/${p.name}`;
      if (componentName && componentName !== name && componentName.toLowerCase() === name.toLowerCase())
        name = componentName;
      break;
    case "maven":
      name = p.namespace ? `${p.namespace}:${p.name}` : p.name;
      break;
    case "golang":
    case "composer":
    case "github":
    case "swift":
      name = p.namespace ? `${p.namespace}/${p.name}` : p.name;
      break;
    case "deb":
    case "rpm":
    case "apk":
      {
        const distros = DISTRO_NAMESPACE[p.type] ?? {};
        const ns = p.namespace?.toLowerCase() ?? "";
        ecosystem = Object.hasOwn(distros, ns) ? distros[ns] : undefined;
      }
      break;
    default:
      break;
  }
  if (!ecosystem) return undefined;
  return { ecosystem, name };
}
