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

// The common shape without percent-escapes and with at most one "@": parsed here because packageurl-js'
// parseString costs ~15 µs per purl (measured in bench/match.bench.ts); everything else goes to the library.
const SIMPLE = /^pkg:([A-Za-z][A-Za-z0-9.+-]*)\/+([^?#@%]+?)\/*(?:@([^?#@%/]+))?(?:\?([^#%]*))?(?:#[^%]*)?$/;

function parseSimple(purl: string): ParsedPurl | undefined {
  const m = SIMPLE.exec(purl);
  if (!m) return undefined;
  const path: string[] = [];
  for (const seg of (m[2] as string).split("/")) if (seg.length > 0) path.push(seg);
  const name = path.pop();
  if (!name) return undefined;
  const q: Record<string, string> = Object.create(null);
  if (m[4])
    for (const pair of m[4].split("&")) {
      const eq = pair.indexOf("=");
      if (eq > 0 && eq < pair.length - 1) q[pair.slice(0, eq).toLowerCase()] = pair.slice(eq + 1);
    }
  return {
    type: (m[1] as string).toLowerCase(),
    ...(path.length > 0 ? { namespace: path.join("/") } : {}),
    name,
    ...(m[3] ? { version: m[3] } : {}),
    qualifiers: q,
  };
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
