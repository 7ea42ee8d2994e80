import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkMinimumElements, type MinimumElementsProfile } from "../src/minimum-elements.js";
import { sbomOf } from "../src/model.js";
import { readSbom } from "../src/read.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const ntiaDir = `${shared}spdx/ntia-minimum-elements/`;
const caseFile = (c: string) => {
  const dir = `${ntiaDir}${c}/`;
  return `${dir}${readdirSync(dir).find((f) => f.endsWith(".json"))}`;
};
const read = (file: string) => readSbom(readFileSync(file), { validate: false }).sbom;
const failing = (file: string, profile: MinimumElementsProfile) =>
  checkMinimumElements(read(file), profile)
    .elements.filter((e) => !e.pass)
    .map((e) => e.id);

/** Case folder → element id. */
const SPDX2_CASES: [string, string][] = [
  ["missing_author_name", "author-name"],
  ["missing_component_name", "component-name"],
  ["missing_component_version", "component-version"],
  ["missing_dependency_relationships", "dependency-relationships"],
  ["missing_supplier_name", "supplier-name"],
  ["missing_timestamp", "timestamp"],
  ["missing_unique_identifiers", "unique-identifiers"],
];

describe("NTIA minimum elements on spdx/ntia-minimum-elements (SPDX 2.x)", () => {
  it("SEC-04 SOUP-01 no_elements_missing passes ntia-2021", () => {
    expect(failing(caseFile("no_elements_missing"), "ntia-2021")).toEqual([]);
  });

  it("covers every missing_* folder of the suite", () => {
    const folders = readdirSync(ntiaDir).filter((d) => d.startsWith("missing_"));
    expect(folders.sort()).toEqual([...SPDX2_CASES.map(([c]) => c), "missing_concluded_license"].sort());
  });

  it.each(SPDX2_CASES)("SEC-04 %s fails exactly the NTIA element %s", (folder, element) => {
    expect(failing(caseFile(folder), "ntia-2021")).toEqual([element]);
  });

  it('SEC-04 missing_timestamp has created "" and fails the timestamp element (document level)', () => {
    const r = checkMinimumElements(read(caseFile("missing_timestamp")), "ntia-2021");
    expect(r.elements.find((e) => e.id === "timestamp")).toMatchObject({
      pass: false,
      failing: ["document"],
    });
  });

  it("SEC-04 missing_supplier_name names the packages without a supplier", () => {
    const r = checkMinimumElements(read(caseFile("missing_supplier_name")), "ntia-2021");
    expect(r.elements.find((e) => e.id === "supplier-name")?.failing).toEqual([
      "SPDXRef-fromDoap-0",
      "SPDXRef-Saxon",
    ]);
  });

  it("SEC-04 missing_concluded_license passes NTIA", () => {
    expect(failing(caseFile("missing_concluded_license"), "ntia-2021")).toEqual([]);
  });

  // The SPDX reader keeps licenseConcluded and licenseDeclared apart (`acknowledgement`); this case has a
  // declared licence but an empty licenseConcluded, and the CISA license rule needs the concluded one in SPDX.
  it("SEC-04 missing_concluded_license fails only the CISA license element", () => {
    const base = failing(caseFile("no_elements_missing"), "cisa-2025");
    const withCase = failing(caseFile("missing_concluded_license"), "cisa-2025");
    expect(withCase.filter((e) => !base.includes(e))).toEqual(["license"]);
    const r = checkMinimumElements(read(caseFile("missing_concluded_license")), "cisa-2025");
    expect(r.elements.find((e) => e.id === "license")?.failing).toEqual(["SPDXRef-Package"]);
  });

  it("SEC-04 missing_concluded_license fails no CISA element that no_elements_missing passes, other than license", () => {
    const base = failing(caseFile("no_elements_missing"), "cisa-2025");
    const withCase = failing(caseFile("missing_concluded_license"), "cisa-2025");
    expect(withCase.filter((e) => !base.includes(e) && e !== "license")).toEqual([]);
    // SPDX 2.3 has no generation-context field: the CISA 2025 draft element fails for every SPDX 2 document
    expect(base).toEqual(["generation-context"]);
  });
});

describe("NTIA minimum elements on spdx/ntia-minimum-elements/spdx3 (SPDX 3.0 JSON-LD)", () => {
  const f = (n: string) => `${ntiaDir}spdx3/${n}.json`;
  it("SEC-04 no_elements_missing passes ntia-2021", () => {
    expect(failing(f("no_elements_missing"), "ntia-2021")).toEqual([]);
  });
  it.each([
    ["missing_supplier_name", "supplier-name"],
    ["missing_version", "component-version"],
    ["missing_unique_identifiers", "unique-identifiers"],
  ])("SEC-04 %s fails exactly %s", (name, element) => {
    expect(failing(f(name), "ntia-2021")).toEqual([element]);
  });
});

/** A schema-valid CycloneDX 1.6 document meeting every NTIA element; cases remove one element each. */
const cdxBase = () => ({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  version: 1,
  metadata: {
    timestamp: "2026-03-01T12:00:00Z",
    authors: [{ name: "Jane Doe", email: "jane@example.com" }],
    tools: { components: [{ type: "application", name: "cdxgen", version: "11.0.0" }] },
    lifecycles: [{ phase: "build" }],
    component: {
      type: "device",
      "bom-ref": "pump",
      name: "infusion-pump",
      version: "4.2",
      supplier: { name: "Acme Medical" },
      cpe: "cpe:2.3:h:acme:infusion_pump:4.2:*:*:*:*:*:*:*",
    },
  },
  components: [
    {
      type: "library",
      "bom-ref": "zlib",
      supplier: { name: "zlib project" },
      name: "zlib",
      version: "1.3.1",
      purl: "pkg:generic/zlib@1.3.1",
      hashes: [
        { alg: "SHA-256", content: "9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23" },
      ],
      licenses: [{ license: { id: "Zlib" } }],
    },
  ],
  dependencies: [
    { ref: "pump", dependsOn: ["zlib"] },
    { ref: "zlib", dependsOn: [] },
  ],
});
type CdxDoc = ReturnType<typeof cdxBase>;

const CDX_CASES: [string, (d: CdxDoc) => void][] = [
  ["supplier-name", (d) => delete (d.components[0] as Partial<CdxDoc["components"][0]>).supplier],
  ["component-name", (d) => (d.components[0]!.name = "")],
  ["component-version", (d) => delete (d.components[0] as Partial<CdxDoc["components"][0]>).version],
  ["unique-identifiers", (d) => delete (d.components[0] as Partial<CdxDoc["components"][0]>).purl],
  ["dependency-relationships", (d) => ((d as Partial<CdxDoc>).dependencies = [])],
  ["author-name", (d) => ((d.metadata as Partial<CdxDoc["metadata"]>).authors = [])],
  ["timestamp", (d) => delete (d.metadata as Partial<CdxDoc["metadata"]>).timestamp],
];

describe("NTIA minimum elements on the CycloneDX equivalents (read through the CycloneDX reader)", () => {
  it("SEC-04 the CycloneDX base document is schema-valid and passes ntia-2021 and cisa-2025", () => {
    const r = readSbom(JSON.stringify(cdxBase()));
    expect(r.valid).toBe(true);
    expect(checkMinimumElements(r.sbom, "ntia-2021").elements.filter((e) => !e.pass)).toEqual([]);
    expect(
      checkMinimumElements(r.sbom, "cisa-2025")
        .elements.filter((e) => !e.pass)
        .map((e) => [e.id, e.failing]),
    ).toEqual([
      // the device itself has no hash and no licence
      ["component-hash", ["pump"]],
      ["license", ["pump"]],
    ]);
  });

  it.each(CDX_CASES)("SEC-04 CycloneDX without %s fails exactly that element", (element, mutate) => {
    const doc = cdxBase();
    mutate(doc);
    const sbom = readSbom(JSON.stringify(doc), { validate: false }).sbom;
    expect(
      checkMinimumElements(sbom, "ntia-2021")
        .elements.filter((e) => !e.pass)
        .map((e) => e.id),
    ).toEqual([element]);
  });

  it("SEC-04 an SPDX-style known unknown (NOASSERTION supplier) satisfies the supplier element", () => {
    const s = sbomOf({
      format: "spdx",
      specVersion: "2.3",
      components: [
        { ref: "SPDXRef-a", name: "a", otherIdentifiers: [{ type: "spdxid", value: "SPDXRef-a" }] },
      ],
      knownUnknowns: [{ kind: "unknown", scope: "SPDXRef-a", element: "supplier", detail: "NOASSERTION" }],
    });
    expect(checkMinimumElements(s, "ntia-2021").elements.find((e) => e.id === "supplier-name")?.pass).toBe(
      true,
    );
  });
});

describe("medical-device case study (sbom.md §5.7): schema-valid but incomplete", () => {
  const dir = `${shared}medical-device/sbom-completeness-case-study/`;
  it.each([
    ["narrow.sbom.json", 55],
    ["extended.sbom.json", 65],
  ])("SEC-04 SOUP-01 %s: NTIA supplier gaps, CISA hash gaps, FDA non-date end of support", (file, n) => {
    const r = readSbom(readFileSync(`${dir}${file}`));
    expect(r.valid).toBe(true);
    const el = (p: MinimumElementsProfile, id: string) =>
      checkMinimumElements(r.sbom, p, { asOf: "2026-01-01" }).elements.find((e) => e.id === id)!;
    // components plus the device (metadata.component)
    expect(el("ntia-2021", "supplier-name").failing).toHaveLength(n + 1);
    expect(el("ntia-2021", "dependency-relationships").pass).toBe(false);
    expect(el("cisa-2025", "component-hash").failing).toHaveLength(n + 1);
    expect(el("fda-premarket", "end-of-support").failing).toHaveLength(n + 1);
    // 1 (narrow) / 6 (extended) components with an empty version, plus the device
    expect(el("ntia-2021", "component-version").failing).toHaveLength(file.startsWith("narrow") ? 2 : 7);
    // "Unknown" level of support on one component, plus the device without any
    expect(el("fda-premarket", "level-of-support").failing).toHaveLength(2);
  });
});
