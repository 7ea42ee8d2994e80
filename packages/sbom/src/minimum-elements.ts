/**
 * Minimum-element checks over the normalised model, one rule engine for CycloneDX and SPDX, with
 * three profiles:
 * - `ntia-2021`: NTIA "The Minimum Elements for a Software Bill of Materials" (2021) data fields;
 * - `cisa-2025`: CISA "Minimum Elements for a Software Bill of Materials" (22 Aug 2025 comment draft);
 * - `fda-premarket`: NTIA plus, per component, level of support and end-of-support date or a
 *   justification (FDA premarket cybersecurity guidance §V.A.4(b)).
 *
 * The rule set is versioned ({@link MINIMUM_ELEMENTS_RULESET}) and stated in every report; the
 * output is deterministic (elements in profile order, failing refs in document order).
 *
 * Scope of the per-component rules: every component except `type: "file"` (SPDX files and CycloneDX
 * file components are evidence about a package, not components in the NTIA sense; the SPDX NTIA
 * conformance checker also checks packages only). Exception: in SPDX every element, files included,
 * must carry its own SPDX id, so `unique-identifiers` also checks SPDX files.
 *
 * @requirement SOUP-01 SBOM components are identifiable (NTIA elements supplier-name, component-name,
 *   component-version, unique-identifiers)
 * @requirement SEC-04 the SBOM delivered with the submission meets NTIA 2021 (supplier-name, component-name,
 *   component-version, unique-identifiers, dependency-relationships, author-name, timestamp), the CISA 2025
 *   draft (software-producer, software-identifiers, component-hash, license, tool-name, generation-context)
 *   and FDA premarket §V.A.4(b) (level-of-support, end-of-support or a justification)
 */
import { QmsError } from "@qmskit/core";
import { z } from "zod";
import type { Component, Party, Sbom } from "./model.js";
import { markdownCell, type SupportOptions, supportStatus } from "./support.js";

/** The versioned rule set every report states. Bump `version` whenever a rule's meaning changes. */
export const MINIMUM_ELEMENTS_RULESET = { id: "qmskit-sbom-minimum-elements", version: "1.1.0" } as const;

/** Profile names accepted by {@link checkMinimumElements}. */
export const MinimumElementsProfileSchema = z.enum(["ntia-2021", "cisa-2025", "fda-premarket"]);
export type MinimumElementsProfile = z.infer<typeof MinimumElementsProfileSchema>;
export const MINIMUM_ELEMENTS_PROFILES = MinimumElementsProfileSchema.options;

/** The pseudo-ref used in `failing` when a document-level element fails. */
export const DOCUMENT_REF = "document";

/** Result for one element. */
export interface ElementResult {
  /** Stable element id, e.g. `supplier-name`, `component-hash`, `level-of-support`. */
  readonly id: string;
  readonly pass: boolean;
  /** Refs of the failing components, or `["document"]` for a document-level element. */
  readonly failing: string[];
  /** The source text the element comes from. */
  readonly source: string;
  /** What the rule checks, in words. */
  readonly rule: string;
}

/** A minimum-elements report. */
export interface MinimumElementsReport {
  readonly profile: MinimumElementsProfile;
  readonly ruleSet: { readonly id: string; readonly version: string };
  readonly pass: boolean;
  /** Components the per-component rules looked at. */
  readonly componentsChecked: number;
  readonly elements: ElementResult[];
}

/** Options of {@link checkMinimumElements}. */
export type MinimumElementsOptions = SupportOptions;

interface Rule {
  readonly id: string;
  readonly source: string;
  readonly rule: string;
  /** Per-component predicate, or a document-level predicate. */
  readonly component?: (c: Component, sbom: Sbom, options: MinimumElementsOptions) => boolean;
  readonly document?: (sbom: Sbom) => boolean;
  /** Also apply the per-component predicate to `file` components (SPDX: every element needs its id). */
  readonly includeFiles?: (sbom: Sbom) => boolean;
}

const unknownIndex = new WeakMap<Sbom, Set<string>>();
/** True when the SBOM itself declares `element` of `ref` a known unknown (e.g. SPDX NOASSERTION). */
function declaredUnknown(sbom: Sbom, ref: string, element: string): boolean {
  let set = unknownIndex.get(sbom);
  if (set === undefined) {
    set = new Set(sbom.knownUnknowns.map((k) => `${k.scope}\u0000${k.element}`));
    unknownIndex.set(sbom, set);
  }
  return set.has(`${ref}\u0000${element}`);
}

const NOASSERTION = /^(noassertion|none|n\/a|unknown)?$/i;
const present = (s: string | undefined): boolean => s !== undefined && !NOASSERTION.test(s.trim());
const namedParty = (p: Party | undefined): boolean => p !== undefined && present(p.name);
/** NTIA supplier, CISA software producer: a named supplier or manufacturer, or the supplier declared unknown. */
const supplierKnown = (c: Component, sbom: Sbom): boolean =>
  namedParty(c.supplier) || namedParty(c.manufacturer) || declaredUnknown(sbom, c.ref, "supplier");

const NTIA = "NTIA Minimum Elements (2021), data fields";
const CISA = "CISA Minimum Elements for an SBOM (2025 draft)";
const FDA = "FDA premarket cybersecurity guidance §V.A.4(b)";

const hasEdges = (sbom: Sbom): boolean =>
  sbom.dependencies.some((d) => d.dependsOn.length > 0) ||
  sbom.components.some((c) => c.parentRef !== undefined) ||
  (sbom.relationships ?? []).length > 0;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const RULES = {
  supplierName: {
    id: "supplier-name",
    source: NTIA,
    rule: "component supplier name (CycloneDX supplier or manufacturer; SPDX supplier / suppliedBy), or the supplier explicitly declared unknown (SPDX NOASSERTION, recorded as a known unknown, as NTIA 2021 allows and the SPDX NTIA checker accepts); SPDX originator and CycloneDX publisher do not count",
    component: supplierKnown,
  },
  softwareProducer: {
    id: "software-producer",
    source: CISA,
    rule: "software producer (NTIA supplier, renamed): supplier or manufacturer name, or declared unknown (SPDX NOASSERTION)",
    component: supplierKnown,
  },
  componentName: {
    id: "component-name",
    source: NTIA,
    rule: "component name is present and not NOASSERTION",
    component: (c) => present(c.name),
  },
  componentVersion: {
    id: "component-version",
    source: NTIA,
    rule: "component version is present and not empty or NOASSERTION",
    component: (c) => present(c.version),
  },
  uniqueIdentifiers: {
    id: "unique-identifiers",
    source: NTIA,
    rule: "other unique identifiers: SPDX: the package's own SPDXID (identifier type `spdxid`; a ref the reader had to generate does not count), as the SPDX NTIA checker reads it; CycloneDX: a purl, CPE, SWID or other identifier (a bom-ref is document-local and does not count)",
    includeFiles: (sbom) => sbom.format === "spdx",
    component: (c, sbom) =>
      sbom.format === "spdx"
        ? c.otherIdentifiers.some((i) => i.type.toLowerCase() === "spdxid" && present(i.value))
        : present(c.purl) || present(c.cpe) || c.otherIdentifiers.some((i) => present(i.value)),
  },
  softwareIdentifiers: {
    id: "software-identifiers",
    source: CISA,
    rule: "at least one software identifier: purl, CPE, OmniBOR or SWHID",
    component: (c) =>
      present(c.purl) ||
      present(c.cpe) ||
      c.otherIdentifiers.some(
        (i) => /^(omnibor(id)?|gitoid|swhid|purl|cpe.*)$/i.test(i.type) && present(i.value),
      ),
  },
  dependencyRelationships: {
    id: "dependency-relationships",
    source: NTIA,
    rule: "the document records at least one relationship: a dependency edge, a containment (nesting / CONTAINS) or, in SPDX, any stated relationship such as DESCRIBES",
    document: hasEdges,
  },
  author: {
    id: "author-name",
    source: NTIA,
    rule: "author of the SBOM data: a named (or e-mailed) author, or the SBOM manufacturer/supplier (CycloneDX metadata); tools alone do not count",
    document: (sbom) =>
      sbom.metadata.authors.some((a) => present(a.name) || present(a.email)) ||
      namedParty(sbom.metadata.manufacturer) ||
      namedParty(sbom.metadata.supplier),
  },
  timestamp: {
    id: "timestamp",
    source: NTIA,
    rule: "creation timestamp present and an ISO 8601 date-time",
    document: (sbom) =>
      sbom.metadata.timestamp !== undefined &&
      ISO_DATE_TIME.test(sbom.metadata.timestamp.trim()) &&
      !Number.isNaN(Date.parse(sbom.metadata.timestamp.trim())),
  },
  componentHash: {
    id: "component-hash",
    source: CISA,
    rule: "at least one hash with its algorithm",
    component: (c) => c.hashes.some((h) => h.alg.trim() !== "" && h.content.trim() !== ""),
  },
  /**
   * CISA 2025 `license`. CycloneDX: any licence entry, or an explicit unknown. SPDX: a concluded licence
   * (`licenseConcluded`, SPDX 3.0 `hasConcludedLicense`; NOASSERTION / NONE count as explicit statements), as
   * the SPDX NTIA conformance checker's FSCT3 baseline reads it; a licence without an acknowledgement (a
   * model built in code, or merged in from CycloneDX) counts too. A declared licence alone does not, so
   * `spdx/ntia-minimum-elements/missing_concluded_license` fails this element only.
   */
  license: {
    id: "license",
    source: CISA,
    rule: "a licence, or an explicit unknown (SPDX NOASSERTION / NONE); absent or empty fails; in SPDX documents the concluded licence (licenseConcluded, or a licence not marked declared) is required, a declared licence alone fails",
    component: (c, sbom) =>
      sbom.format === "spdx"
        ? c.licenses.some((l) => l.acknowledgement !== "declared")
        : c.licenses.length > 0,
  },
  toolName: {
    id: "tool-name",
    source: CISA,
    rule: "name of at least one tool that generated the SBOM",
    document: (sbom) => sbom.metadata.tools.some((t) => t.name.trim() !== ""),
  },
  generationContext: {
    id: "generation-context",
    source: CISA,
    rule: "generation context (before/during/after build): CycloneDX metadata.lifecycles, SPDX 3.0 software_sbomType; SPDX 2.x has no field",
    document: (sbom) => sbom.metadata.lifecycles.some((l) => l.trim() !== ""),
  },
  levelOfSupport: {
    id: "level-of-support",
    source: FDA,
    rule: "level of support is actively maintained, no longer maintained or abandoned, or a justification is recorded",
    component: (c, _s, o) => {
      const s = supportStatus(c, o);
      return s.level !== "unknown" || s.justification !== undefined;
    },
  },
  endOfSupport: {
    id: "end-of-support",
    source: FDA,
    rule: "end-of-support date (a calendar date), or a justification where it is unavailable",
    component: (c, _s, o) => {
      const s = supportStatus(c, o);
      return s.endOfSupportKind === "date" || s.justification !== undefined;
    },
  },
} satisfies Record<string, Rule>;

const NTIA_RULES: readonly Rule[] = [
  RULES.supplierName,
  RULES.componentName,
  RULES.componentVersion,
  RULES.uniqueIdentifiers,
  RULES.dependencyRelationships,
  RULES.author,
  RULES.timestamp,
];

const PROFILES: Record<MinimumElementsProfile, readonly Rule[]> = {
  "ntia-2021": NTIA_RULES,
  "cisa-2025": [
    RULES.softwareProducer,
    RULES.componentName,
    RULES.componentVersion,
    RULES.softwareIdentifiers,
    RULES.componentHash,
    RULES.license,
    RULES.dependencyRelationships,
    RULES.author,
    RULES.timestamp,
    RULES.toolName,
    RULES.generationContext,
  ],
  "fda-premarket": [...NTIA_RULES, RULES.levelOfSupport, RULES.endOfSupport],
};

/** The element ids of a profile, in report order. */
export function minimumElementIds(profile: MinimumElementsProfile): string[] {
  return PROFILES[profile].map((r) => r.id);
}

/** Parse a profile name (e.g. from the command line); throws `QmsError("VALIDATION")` naming the choices. */
export function parseMinimumElementsProfile(name: string): MinimumElementsProfile {
  const r = MinimumElementsProfileSchema.safeParse(name);
  if (!r.success)
    throw new QmsError(
      "VALIDATION",
      `unknown minimum-elements profile "${name}"; use one of: ${MINIMUM_ELEMENTS_PROFILES.join(", ")}`,
    );
  return r.data;
}

/**
 * Check an SBOM against a minimum-elements profile.
 *
 * @example
 * ```ts
 * const report = checkMinimumElements(sbom, "fda-premarket", { catalog });
 * for (const e of report.elements) if (!e.pass) console.log(e.id, e.failing.length);
 * ```
 */
export function checkMinimumElements(
  sbom: Sbom,
  profile: MinimumElementsProfile,
  options: MinimumElementsOptions = {},
): MinimumElementsReport {
  const rules = PROFILES[parseMinimumElementsProfile(profile)];
  const components = sbom.components.filter((c) => c.type !== "file");
  const elements = rules.map((rule): ElementResult => {
    let failing: string[];
    if (rule.document) failing = rule.document(sbom) ? [] : [DOCUMENT_REF];
    else {
      const pred = rule.component!;
      const scope = rule.includeFiles?.(sbom) ? sbom.components : components;
      failing = scope.filter((c) => !pred(c, sbom, options)).map((c) => c.ref);
    }
    return { id: rule.id, pass: failing.length === 0, failing, source: rule.source, rule: rule.rule };
  });
  return {
    profile,
    ruleSet: { ...MINIMUM_ELEMENTS_RULESET },
    pass: elements.every((e) => e.pass),
    componentsChecked: components.length,
    elements,
  };
}

/** The report as Markdown (rule set, verdict, one row per element with up to 10 failing refs). */
export function minimumElementsToMarkdown(report: MinimumElementsReport): string {
  const lines = [
    `**Profile:** ${report.profile} · **Rule set:** ${report.ruleSet.id} ${report.ruleSet.version} · **Result:** ${report.pass ? "PASS" : "FAIL"} · **Components checked:** ${report.componentsChecked}`,
    "",
    "| element | result | failing | source |",
    "| --- | --- | --- | --- |",
    ...report.elements.map((e) => {
      const shown = e.failing.slice(0, 10).join(", ");
      const more = e.failing.length > 10 ? ` … (+${e.failing.length - 10})` : "";
      return `| ${e.id} | ${e.pass ? "pass" : "FAIL"} | ${markdownCell(shown + more)} | ${markdownCell(e.source)} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}
