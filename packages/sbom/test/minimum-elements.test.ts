import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkMinimumElements,
  MINIMUM_ELEMENTS_PROFILES,
  MINIMUM_ELEMENTS_RULESET,
  minimumElementIds,
  minimumElementsToMarkdown,
  parseMinimumElementsProfile,
} from "../src/minimum-elements.js";
import { type ComponentInit, type SbomInit, sbomOf } from "../src/model.js";
import { parseSupportCatalog } from "../src/support-catalog.js";

/** A CycloneDX SBOM that meets every element of every profile. */
const complete = (): SbomInit => ({
  format: "cyclonedx",
  specVersion: "1.6",
  metadata: {
    timestamp: "2026-03-01T12:00:00Z",
    authors: [{ name: "Jane Doe" }],
    tools: [{ name: "cdxgen", version: "11.0.0" }],
    lifecycles: ["build"],
    rootRef: "app",
  },
  components: [
    {
      ref: "app",
      type: "application",
      name: "pump-ui",
      version: "4.2.0",
      supplier: { name: "Acme Medical" },
      purl: "pkg:generic/acme/pump-ui@4.2.0",
      hashes: [{ alg: "SHA-256", content: "ab".repeat(32) }],
      licenses: [{ kind: "name", name: "Proprietary" }],
      properties: [
        { name: "cdx:fda:level-of-support", value: "actively-maintained" },
        { name: "cdx:fda:end-of-support-date", value: "2031-12-31" },
      ],
    },
    {
      ref: "lodash",
      name: "lodash",
      version: "4.17.21",
      supplier: { name: "OpenJS Foundation" },
      purl: "pkg:npm/lodash@4.17.21",
      hashes: [{ alg: "SHA-512", content: "cd".repeat(64) }],
      licenses: [{ kind: "expression", expression: "MIT" }],
      properties: [
        { name: "Level of Support", value: "Actively maintained" },
        { name: "cdx:lifecycle:milestone:endOfSupport", value: "2030-01-01" },
      ],
    },
  ],
  dependencies: [{ ref: "app", dependsOn: ["lodash"] }],
});

const failingIds = (init: SbomInit, profile: (typeof MINIMUM_ELEMENTS_PROFILES)[number]) =>
  checkMinimumElements(sbomOf(init), profile, { asOf: "2026-06-01" })
    .elements.filter((e) => !e.pass)
    .map((e) => e.id);

const withLodash = (patch: (c: ComponentInit) => ComponentInit): SbomInit => {
  const s = complete();
  return { ...s, components: s.components!.map((c) => (c.ref === "lodash" ? patch({ ...c }) : c)) };
};

describe("checkMinimumElements: a complete CycloneDX SBOM", () => {
  it.each(MINIMUM_ELEMENTS_PROFILES)(
    "SEC-04 SOUP-01 passes profile %s and states the rule set",
    (profile) => {
      const r = checkMinimumElements(sbomOf(complete()), profile, { asOf: "2026-06-01" });
      expect(r.elements.filter((e) => !e.pass)).toEqual([]);
      expect(r).toMatchObject({
        profile,
        pass: true,
        ruleSet: MINIMUM_ELEMENTS_RULESET,
        componentsChecked: 2,
      });
      expect(r.elements.map((e) => e.id)).toEqual(minimumElementIds(profile));
    },
  );
});

/** The CycloneDX equivalents of spdx/ntia-minimum-elements/missing_*: each fails exactly its element. */
const cyclonedxCases: [string, SbomInit][] = [
  ["supplier-name", withLodash(({ supplier: _s, ...c }) => c)],
  ["component-name", withLodash((c) => ({ ...c, name: "" }))],
  ["component-version", withLodash(({ version: _v, ...c }) => c)],
  ["unique-identifiers", withLodash(({ purl: _p, ...c }) => c)],
  ["dependency-relationships", { ...complete(), dependencies: [] }],
  ["author-name", { ...complete(), metadata: { ...complete().metadata, authors: [] } }],
  ["timestamp", { ...complete(), metadata: { ...complete().metadata, timestamp: "" } }],
];

describe("NTIA 2021 on CycloneDX equivalents of the SPDX NTIA cases", () => {
  it.each(cyclonedxCases)("SEC-04 NTIA %s: missing it fails exactly that element", (element, init) => {
    expect(failingIds(init, "ntia-2021")).toEqual([element]);
    const r = checkMinimumElements(sbomOf(init), "ntia-2021");
    const failing = r.elements.find((e) => e.id === element)!.failing;
    expect(failing).toEqual(
      ["dependency-relationships", "author-name", "timestamp"].includes(element) ? ["document"] : ["lodash"],
    );
  });

  it("SEC-04 NTIA supplier-name: CycloneDX publisher does not count, manufacturer does", () => {
    expect(
      failingIds(
        withLodash(({ supplier: _s, ...c }) => ({ ...c, publisher: "OpenJS" })),
        "ntia-2021",
      ),
    ).toEqual(["supplier-name"]);
    expect(
      failingIds(
        withLodash(({ supplier: _s, ...c }) => ({ ...c, manufacturer: { name: "OpenJS" } })),
        "ntia-2021",
      ),
    ).toEqual([]);
    expect(
      failingIds(
        withLodash((c) => ({ ...c, supplier: { name: "NOASSERTION" } })),
        "ntia-2021",
      ),
    ).toEqual(["supplier-name"]);
  });

  it("SEC-04 NTIA timestamp must be an ISO 8601 date-time", () => {
    const bad = { ...complete(), metadata: { ...complete().metadata, timestamp: "last Tuesday" } };
    expect(failingIds(bad, "ntia-2021")).toEqual(["timestamp"]);
  });

  it("SEC-04 files are not components for the per-component elements", () => {
    const s = complete();
    const withFile = { ...s, components: [...s.components!, { ref: "f", type: "file", name: "foo.c" }] };
    expect(failingIds(withFile, "ntia-2021")).toEqual([]);
  });
});

describe("CISA 2025 draft", () => {
  it.each<[string, SbomInit]>([
    ["component-hash", withLodash((c) => ({ ...c, hashes: [] }))],
    ["license", withLodash((c) => ({ ...c, licenses: [] }))],
    [
      "software-identifiers",
      withLodash(({ purl: _p, ...c }) => ({ ...c, otherIdentifiers: [{ type: "swid", value: "x" }] })),
    ],
    ["tool-name", { ...complete(), metadata: { ...complete().metadata, tools: [] } }],
    ["generation-context", { ...complete(), metadata: { ...complete().metadata, lifecycles: [] } }],
    ["software-producer", withLodash(({ supplier: _s, ...c }) => c)],
  ])("SEC-04 CISA %s: missing it fails exactly that element", (element, init) => {
    expect(failingIds(init, "cisa-2025")).toEqual([element]);
  });

  it("SEC-04 CISA license: an explicit unknown (NOASSERTION) passes, an omnibor id is a software identifier", () => {
    expect(
      failingIds(
        withLodash((c) => ({ ...c, licenses: [{ kind: "noassertion" }] })),
        "cisa-2025",
      ),
    ).toEqual([]);
    expect(
      failingIds(
        withLodash(({ purl: _p, ...c }) => ({
          ...c,
          otherIdentifiers: [{ type: "omniborId", value: "gitoid:blob:sha1:x" }],
        })),
        "cisa-2025",
      ),
    ).toEqual([]);
  });
});

describe("CISA license and the licence acknowledgement", () => {
  const spdx = (licenses: NonNullable<ComponentInit["licenses"]>): SbomInit => ({
    ...withLodash((c) => ({ ...c, licenses })),
    format: "spdx",
    specVersion: "2.3",
  });
  const licenseFailing = (init: SbomInit) =>
    checkMinimumElements(sbomOf(init), "cisa-2025").elements.find((e) => e.id === "license")?.failing;

  it("SEC-04 SPDX: a declared licence alone fails; concluded, concluded NOASSERTION or unacknowledged pass", () => {
    expect(
      licenseFailing(spdx([{ kind: "expression", expression: "MIT", acknowledgement: "declared" }])),
    ).toEqual(["lodash"]);
    expect(
      licenseFailing(spdx([{ kind: "expression", expression: "MIT", acknowledgement: "concluded" }])),
    ).toEqual([]);
    expect(licenseFailing(spdx([{ kind: "noassertion", acknowledgement: "concluded" }]))).toEqual([]);
    expect(licenseFailing(spdx([{ kind: "expression", expression: "MIT" }]))).toEqual([]);
  });

  it("SEC-04 CycloneDX: a declared licence passes (no concluded licence is required)", () => {
    expect(
      licenseFailing(
        withLodash((c) => ({
          ...c,
          licenses: [{ kind: "expression", expression: "MIT", acknowledgement: "declared" }],
        })),
      ),
    ).toEqual([]);
  });
});

describe("FDA premarket", () => {
  it("SEC-04 fails level-of-support and end-of-support for free text without a justification", () => {
    const init = withLodash((c) => ({
      ...c,
      properties: [
        { name: "Level of Support", value: "Unknown" },
        { name: "End-of-Support", value: "Open source" },
      ],
    }));
    expect(failingIds(init, "fda-premarket")).toEqual(["level-of-support", "end-of-support"]);
    const justified = withLodash((c) => ({
      ...c,
      properties: [
        ...(c.properties ?? []),
        { name: "cdx:fda:justification", value: "community project, no EOS policy" },
      ],
    }));
    expect(failingIds(justified, "fda-premarket")).toEqual([]);
  });

  it("SEC-04 the support catalog completes what the SBOM lacks", () => {
    const init = withLodash((c) => ({ ...c, properties: [] }));
    expect(failingIds(init, "fda-premarket")).toEqual(["level-of-support", "end-of-support"]);
    const catalog = parseSupportCatalog(
      "purl,level,endOfSupport\npkg:npm/lodash,Actively maintained,2029-06-30\n",
    );
    expect(checkMinimumElements(sbomOf(init), "fda-premarket", { catalog }).pass).toBe(true);
  });
});

describe("profiles and report", () => {
  it("parseMinimumElementsProfile rejects unknown names with the choices", () => {
    expect(parseMinimumElementsProfile("cisa-2025")).toBe("cisa-2025");
    try {
      parseMinimumElementsProfile("ntia");
      expect.unreachable();
    } catch (e) {
      expect(isQmsError(e, "VALIDATION")).toBe(true);
      expect((e as Error).message).toMatch(/ntia-2021, cisa-2025, fda-premarket/);
    }
  });

  it("renders Markdown with the rule set and verdict", () => {
    const md = minimumElementsToMarkdown(checkMinimumElements(sbomOf(cyclonedxCases[0]![1]), "ntia-2021"));
    expect(md).toContain(`${MINIMUM_ELEMENTS_RULESET.id} ${MINIMUM_ELEMENTS_RULESET.version}`);
    expect(md).toContain("| supplier-name | FAIL | lodash |");
  });

  it("never throws on arbitrary component text (fast-check)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, version, prop) => {
        const r = checkMinimumElements(
          sbomOf({ components: [{ name, version, properties: [{ name: "End-of-Support", value: prop }] }] }),
          "fda-premarket",
        );
        expect(typeof r.pass).toBe("boolean");
      }),
    );
  });
});
