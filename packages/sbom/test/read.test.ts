import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { detectFormat, parseSbom, readSbom, SbomSchema, safeParseSbom } from "../src/index.js";
import { conformanceFile, conformanceFiles } from "./conformance.js";

describe("detectFormat (from content, never the file name)", () => {
  it.each([
    ["cyclonedx/1.4/valid-bom-1.4.json", { format: "cyclonedx", encoding: "json", specVersion: "1.4" }],
    ["cyclonedx/1.7/valid-bom-1.7.json", { format: "cyclonedx", encoding: "json", specVersion: "1.7" }],
    ["cyclonedx/xml/1.6/valid-bom-1.6.xml", { format: "cyclonedx", encoding: "xml", specVersion: "1.6" }],
    ["spdx/2.2/SPDXJSONExample-v2.2.spdx.json", { format: "spdx", encoding: "json", specVersion: "2.2" }],
    ["spdx/2.3/SPDXJSONExample-v2.3.spdx.json", { format: "spdx", encoding: "json", specVersion: "2.3" }],
    [
      "spdx/ntia-minimum-elements/spdx3/has_sbom.json",
      { format: "spdx", encoding: "json-ld", specVersion: "3.0" },
    ],
    [
      "spdx/ntia-minimum-elements/missing_component_name/SPDXJsonExample.json",
      { format: "spdx", encoding: "json", specVersion: "2.2", legacy: true },
    ],
  ])("SEC-04: %s", (file, expected) => {
    expect(detectFormat(conformanceFile(file))).toEqual(expected);
  });

  it("SEC-04: detects CycloneDX 1.2/1.3 and SPDX tag-value", () => {
    expect(detectFormat('{"bomFormat":"CycloneDX","specVersion":"1.2","components":[]}').specVersion).toBe(
      "1.2",
    );
    expect(detectFormat("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n")).toEqual({
      format: "spdx",
      encoding: "tag-value",
      specVersion: "2.3",
    });
  });
});

describe("readSbom on the CycloneDX spec suite", () => {
  const files = ["1.4", "1.5", "1.6", "1.7"].flatMap((v) => conformanceFiles(`cyclonedx/${v}`));
  it.each(files)("SEC-04: %s is read into a model that satisfies SbomSchema", (file) => {
    const r = readSbom(conformanceFile(file));
    expect(SbomSchema.safeParse(r.sbom).success).toBe(true);
    expect(r.valid).toBe(file.includes("/valid-"));
  });

  it("SOUP-01: maps identifiers, hashes, licences, hierarchy, dependencies and lifecycles", () => {
    const ids = readSbom(conformanceFile("cyclonedx/1.6/valid-component-identifiers-1.6.json")).sbom;
    const c = ids.components[0]!;
    expect(c.purl).toMatch(/^pkg:/u);
    expect(c.cpe).toMatch(/^cpe:/u);
    expect(c.otherIdentifiers.map((i) => i.type)).toEqual(expect.arrayContaining(["omniborId", "swhid"]));
    const hashes = readSbom(conformanceFile("cyclonedx/1.6/valid-component-hashes-1.6.json")).sbom;
    expect(hashes.components[0]!.hashes).toHaveLength(12);
    const expr = readSbom(conformanceFile("cyclonedx/1.6/valid-license-expression-1.6.json")).sbom;
    expect(expr.components[0]!.licenses[0]).toMatchObject({
      kind: "expression",
      parsed: { conjunction: "or" },
    });
    const comp = readSbom(conformanceFile("cyclonedx/1.6/valid-compositions-1.6.json")).sbom;
    expect(comp.metadata.rootRef).toBe("acme-application-1.0");
    expect(comp.components.find((x) => x.ref === "pkg:maven/ossproject/library@2.0")?.parentRef).toBe(
      "pkg:maven/partner/shaded-library@1.0",
    );
    expect(comp.dependencies[0]?.dependsOn).toHaveLength(2);
    expect(comp.knownUnknowns.length).toBeGreaterThan(0);
    const life = readSbom(conformanceFile("cyclonedx/1.6/valid-metadata-lifecycle-1.6.json")).sbom;
    expect(life.metadata.lifecycles).toEqual(["build", "post-build", "platform-integration-testing"]);
    const tools = readSbom(conformanceFile("cyclonedx/1.6/valid-metadata-tool-1.6.json")).sbom;
    expect(tools.metadata.tools[0]).toEqual({
      name: "Awesome Tool",
      version: "9.1.2",
      vendor: "Awesome Vendor",
    });
    const manu = readSbom(conformanceFile("cyclonedx/1.6/valid-metadata-manufacturer-1.6.json")).sbom;
    expect(manu.metadata.manufacturer).toEqual({
      name: "Acme, Inc.",
      email: "professional.services@example.com",
      url: "https://example.com",
    });
  });

  it("SEC-04: CycloneDX compositions become known unknowns (NTIA practice)", () => {
    const sbom = readSbom(conformanceFile("cyclonedx/1.6/valid-compositions-1.6.json")).sbom;
    expect(sbom.knownUnknowns.every((k) => k.kind === "unknown")).toBe(true);
    expect(sbom.knownUnknowns.map((k) => k.element)).toEqual(expect.arrayContaining(["assemblies"]));
  });
});

describe("CycloneDX 1.2 / 1.3 (no official schema shipped: structural check)", () => {
  it("SEC-04: reads and structurally validates CycloneDX 1.2 and 1.3 JSON", () => {
    for (const specVersion of ["1.2", "1.3"]) {
      const ok = readSbom(
        JSON.stringify({
          bomFormat: "CycloneDX",
          specVersion,
          version: 1,
          metadata: { timestamp: "2021-01-01T00:00:00Z" },
          components: [
            {
              type: "library",
              name: "zlib",
              version: "1.2.11",
              purl: "pkg:generic/zlib@1.2.11",
              "bom-ref": "z",
            },
          ],
          dependencies: [{ ref: "z", dependsOn: [] }],
        }),
      );
      expect(ok).toMatchObject({ valid: true, validatedWith: "structural", specVersion });
      expect(ok.sbom.components[0]?.purl).toBe("pkg:generic/zlib@1.2.11");
      const bad = readSbom(
        JSON.stringify({ bomFormat: "CycloneDX", specVersion, components: [{ type: "gadget" }] }),
      );
      expect(bad.valid).toBe(false);
      expect(bad.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["/components/0/type", "/components/0/name"]),
      );
    }
  });
});

describe("SPDX", () => {
  it("SOUP-01: the SPDX 2.3 example normalises packages, relationships and creators", () => {
    const r = readSbom(conformanceFile("spdx/2.3/SPDXJSONExample-v2.3.spdx.json"));
    expect(r.valid).toBe(true);
    const s = r.sbom;
    expect(s.format).toBe("spdx");
    expect(s.metadata.timestamp).toBe("2010-01-29T18:30:22Z");
    expect(s.metadata.tools).toEqual([{ name: "LicenseFind", version: "1.0" }]);
    expect(s.metadata.authors.map((a) => a.name)).toEqual(["ExampleCodeInspect", "Jane Doe"]);
    const pkg = s.components.find((c) => c.ref === "SPDXRef-Package")!;
    expect(pkg.supplier).toEqual({ name: "Jane Doe", email: "jane.doe@example.com" });
    expect(pkg.validUntil).toBe("2014-01-29T18:30:22Z");
    expect(pkg.hashes.map((h) => h.alg)).toEqual(expect.arrayContaining(["SHA-1", "SHA-256"]));
    expect(pkg.licenses[0]).toMatchObject({ kind: "expression" });
    expect(pkg.otherIdentifiers).toContainEqual({ type: "spdxid", value: "SPDXRef-Package" });
    expect(s.relationships?.length).toBeGreaterThan(0);
    expect(s.knownUnknowns.length).toBeGreaterThan(0); // NOASSERTION values
  });

  it("SEC-04: NTIA cases normalise so that exactly the missing element is visible", () => {
    const base = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/no_elements_missing/SPDXJSONExample-v2.3.spdx.json"),
    ).sbom;
    const noVersion = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_component_version/SPDXJSONExample-v2.3.spdx.json"),
    ).sbom;
    expect(base.components.every((c) => c.version !== undefined)).toBe(true);
    expect(noVersion.components.some((c) => c.version === undefined)).toBe(true);
    const noTime = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_timestamp/SPDXJSONExample-v2.3.spdx.json"),
    );
    expect(noTime.valid).toBe(true);
    expect(noTime.sbom.metadata.timestamp).toBe("");
    const noAuthor = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_author_name/SPDXJSONExample-v2.3.spdx.json"),
    );
    expect(noAuthor.valid).toBe(false);
    expect(noAuthor.sbom.metadata.authors).toEqual([]);
    const noId = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_unique_identifiers/SPDXJSONExample-v2.3.spdx.json"),
    );
    expect(noId.sbom.components.some((c) => !c.otherIdentifiers.some((i) => i.type === "spdxid"))).toBe(true);
    expect(noId.warnings.some((w) => w.message.includes("no SPDXID"))).toBe(true);
    const legacy = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_component_name/SPDXJsonExample.json"),
    );
    expect(legacy.valid).toBe(false);
    expect(legacy.sbom.components).toHaveLength(1);
    expect(legacy.sbom.components[0]!.name).toBe("");
  });

  const realWorld = conformanceFiles("spdx/real-world");
  it("has all 37 real-world SPDX files", () => {
    expect(realWorld).toHaveLength(37);
  });
  it.each(realWorld)("SOUP-01: tolerant mode extracts components from %s", (file) => {
    const r = readSbom(conformanceFile(file));
    expect(SbomSchema.safeParse(r.sbom).success).toBe(true);
    const raw = JSON.parse(conformanceFile(file).toString("utf8")) as { packages?: unknown[] };
    expect(r.sbom.components).toHaveLength(raw.packages?.length ?? 0);
    if (r.valid === false) expect(r.issues.length).toBeGreaterThan(0);
    if (file.includes("OpenEmbedded") && r.valid === false) {
      expect(r.warnings.some((w) => w.message.includes("packageSupplier"))).toBe(true);
    }
  });

  it("SOUP-01: strict parseSbom rejects the Philips SBOM (no downloadLocation), tolerant mode reads it", () => {
    const input = conformanceFile("spdx/real-world/doc-fest-2022/Philips__keyclock_sbom.json");
    expect(() => parseSbom(input)).toThrowError(/downloadLocation/u);
    const r = safeParseSbom(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(isQmsError(r.error, "VALIDATION")).toBe(true);
    const tolerant = parseSbom(input, { tolerant: true });
    expect(tolerant.components.length).toBe(148);
  });

  it("SOUP-01: spdx_sample_01 has no created timestamp: read, flagged", () => {
    const r = readSbom(conformanceFile("spdx/real-world/ntia-checker-real-world/spdx_sample_01.json"));
    expect(r.valid).toBe(false);
    expect(r.sbom.metadata.timestamp).toBeUndefined();
    expect(r.sbom.components.length).toBeGreaterThan(0);
  });

  const spdx3 = conformanceFiles("spdx/ntia-minimum-elements/spdx3");
  it.each(spdx3)("SEC-04: SPDX 3.0 %s", (file) => {
    const r = readSbom(conformanceFile(file));
    expect(r.encoding).toBe("json-ld");
    expect(r.validatedWith).toBe("structural");
    expect(r.sbom.components.length).toBeGreaterThan(0);
    expect(SbomSchema.safeParse(r.sbom).success).toBe(true);
  });

  it("SEC-04: SPDX 3.0 elements map to the model (supplier, version, licences, generation context)", () => {
    const ok = readSbom(conformanceFile("spdx/ntia-minimum-elements/spdx3/no_elements_missing.json")).sbom;
    const pkg = ok.components.find((c) => c.type === "data")!;
    expect(pkg.supplier?.name).toBe("Our World in Data");
    expect(pkg.version).toBe("2024-04-15");
    expect(pkg.licenses[0]).toMatchObject({ kind: "expression", expression: "CC-BY-4.0" });
    expect(ok.metadata.lifecycles).toEqual(["analyzed"]);
    expect(ok.metadata.timestamp).toBe("2024-05-31T00:00:00Z");
    expect(ok.metadata.authors[0]).toEqual({ name: "Arthit Suriyawongkul", email: "suriyawa@tcd.ie" });
    const noSupplier = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/spdx3/missing_supplier_name.json"),
    ).sbom;
    expect(noSupplier.components.find((c) => c.type === "data")?.supplier).toBeUndefined();
    const noVersion = readSbom(conformanceFile("spdx/ntia-minimum-elements/spdx3/missing_version.json")).sbom;
    expect(noVersion.components.find((c) => c.type === "data")?.version).toBeUndefined();
    const noId = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/spdx3/missing_unique_identifiers.json"),
    );
    expect(noId.sbom.components.some((c) => !c.otherIdentifiers.some((i) => i.type === "spdxid"))).toBe(true);
  });

  it("SOUP-01: reads SPDX 2.3 tag-value", () => {
    const text = [
      "SPDXVersion: SPDX-2.3",
      "DataLicense: CC0-1.0",
      "SPDXID: SPDXRef-DOCUMENT",
      "DocumentName: infusion-pump-fw",
      "DocumentNamespace: https://example.com/spdx/infusion-pump-fw-1.0",
      "Creator: Organization: Example Medical (sbom@example.com)",
      "Creator: Tool: example-builder-2.1.0",
      "Created: 2026-01-15T10:00:00Z",
      "",
      "PackageName: zlib",
      "SPDXID: SPDXRef-zlib",
      "PackageVersion: 1.3.1",
      "PackageSupplier: Organization: zlib project",
      "PackageDownloadLocation: https://zlib.net/zlib-1.3.1.tar.gz",
      "PackageChecksum: SHA256: 9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23",
      "PackageLicenseConcluded: Zlib",
      "PackageLicenseDeclared: Zlib",
      "PackageCopyrightText: <text>Copyright (C) 1995-2024",
      "Jean-loup Gailly and Mark Adler</text>",
      "ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib@1.3.1",
      "ValidUntilDate: 2030-01-01T00:00:00Z",
      "",
      "PackageName: firmware",
      "SPDXID: SPDXRef-fw",
      "PackageVersion: 1.0",
      "PackageSupplier: NOASSERTION",
      "PackageDownloadLocation: NOASSERTION",
      "PackageLicenseConcluded: NOASSERTION",
      "",
      "Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw",
      "Relationship: SPDXRef-fw DEPENDS_ON SPDXRef-zlib",
    ].join("\n");
    const r = readSbom(text);
    expect(r.encoding).toBe("tag-value");
    expect(r.issues).toEqual([]);
    const s = r.sbom;
    expect(s.metadata).toMatchObject({
      name: "infusion-pump-fw",
      timestamp: "2026-01-15T10:00:00Z",
      tools: [{ name: "example-builder", version: "2.1.0" }],
      authors: [{ name: "Example Medical", email: "sbom@example.com" }],
      rootRef: "SPDXRef-fw",
    });
    const zlib = s.components.find((c) => c.name === "zlib")!;
    expect(zlib).toMatchObject({
      version: "1.3.1",
      purl: "pkg:generic/zlib@1.3.1",
      supplier: { name: "zlib project" },
      validUntil: "2030-01-01T00:00:00Z",
      copyright: "Copyright (C) 1995-2024\nJean-loup Gailly and Mark Adler",
    });
    expect(zlib.hashes).toEqual([
      { alg: "SHA-256", content: "9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23" },
    ]);
    expect(s.dependencies).toEqual([{ ref: "SPDXRef-fw", dependsOn: ["SPDXRef-zlib"] }]);
    expect(s.knownUnknowns.map((k) => k.element)).toEqual(
      expect.arrayContaining(["supplier", "licenseConcluded"]),
    );
  });
});

describe("medical-device SBOMs (CycloneDX 1.4)", () => {
  it.each(["narrow", "extended"])(
    "SOUP-01: %s.sbom.json is valid and keeps publisher, empty versions and support properties",
    (name) => {
      const r = readSbom(conformanceFile(`medical-device/sbom-completeness-case-study/${name}.sbom.json`));
      expect(r.valid).toBe(true);
      const s = r.sbom;
      expect(s.components.length).toBe(name === "narrow" ? 56 : 66); // + the metadata component (the device)
      expect(s.metadata.rootRef).toBeDefined();
      expect(
        s.components.filter((c) => c.ref !== s.metadata.rootRef).every((c) => c.supplier === undefined),
      ).toBe(true);
      expect(s.components.some((c) => c.publisher !== undefined)).toBe(true);
      expect(s.components.filter((c) => c.version === "").length).toBe(name === "narrow" ? 1 : 6);
      expect(s.components.some((c) => c.properties.some((p) => p.name === "Level of Support"))).toBe(true);
      expect(s.dependencies.length).toBeGreaterThan(0);
    },
  );
});

describe("licence acknowledgement (concluded / declared)", () => {
  it("SEC-04: SPDX 2 keeps licenseConcluded and licenseDeclared apart, both even when equal", () => {
    const ok = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/no_elements_missing/SPDXJSONExample-v2.3.spdx.json"),
    ).sbom;
    expect(ok.components.find((c) => c.ref === "SPDXRef-Package")?.licenses).toMatchObject([
      { kind: "expression", expression: "(LGPL-2.0-only OR LicenseRef-3)", acknowledgement: "concluded" },
      { kind: "expression", expression: "(LGPL-2.0-only AND LicenseRef-3)", acknowledgement: "declared" },
    ]);
    const missing = readSbom(
      conformanceFile("spdx/ntia-minimum-elements/missing_concluded_license/SPDXJSONExample-v2.3.spdx.json"),
      { validate: false },
    ).sbom;
    expect(missing.components.find((c) => c.ref === "SPDXRef-Package")?.licenses).toMatchObject([
      { kind: "expression", expression: "(LGPL-2.0-only AND LicenseRef-3)", acknowledgement: "declared" },
    ]);
    const same = readSbom(
      JSON.stringify({
        spdxVersion: "SPDX-2.3",
        SPDXID: "SPDXRef-DOCUMENT",
        packages: [
          {
            SPDXID: "SPDXRef-a",
            name: "a",
            downloadLocation: "NONE",
            licenseConcluded: "MIT",
            licenseDeclared: "MIT",
          },
        ],
      }),
      { validate: false },
    ).sbom;
    expect(same.components[0]?.licenses.map((l) => l.acknowledgement)).toEqual(["concluded", "declared"]);
  });

  it("SEC-04: SPDX 3.0 hasConcludedLicense / hasDeclaredLicense set the acknowledgement", () => {
    const ok = readSbom(conformanceFile("spdx/ntia-minimum-elements/spdx3/no_elements_missing.json")).sbom;
    const acks = ok.components.find((c) => c.type === "data")!.licenses.map((l) => l.acknowledgement);
    expect(acks.sort()).toEqual(["concluded", "declared"]);
  });

  it("SEC-04: CycloneDX 1.6 JSON license and expression acknowledgement are read", () => {
    const expr = readSbom(conformanceFile("cyclonedx/1.6/valid-license-expression-1.6.json")).sbom;
    expect(expr.components[0]!.licenses[0]).toMatchObject({
      kind: "expression",
      acknowledgement: "declared",
    });
    const id = readSbom(conformanceFile("cyclonedx/1.6/valid-license-id-1.6.json")).sbom;
    expect(id.components.flatMap((c) => c.licenses)).toContainEqual(
      expect.objectContaining({ acknowledgement: "declared" }),
    );
    // pre-1.6 documents have no acknowledgement
    const old = readSbom(conformanceFile("cyclonedx/1.5/valid-license-expression-1.5.json")).sbom;
    expect(old.components[0]!.licenses[0]).not.toHaveProperty("acknowledgement");
  });

  it("SEC-04: CycloneDX 1.6 XML acknowledgement attributes are read", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library"><name>a</name><version>1</version>
      <licenses>
        <license acknowledgement="concluded"><id>MIT</id></license>
        <license acknowledgement="declared"><name>Custom</name></license>
        <license><id>Apache-2.0</id></license>
      </licenses>
    </component>
    <component type="library"><name>b</name><version>1</version>
      <licenses><expression acknowledgement="declared">MIT OR Apache-2.0</expression></licenses>
    </component>
  </components>
</bom>`;
    const s = readSbom(xml, { validate: false }).sbom;
    expect(s.components[0]!.licenses).toEqual([
      expect.objectContaining({ kind: "expression", expression: "MIT", acknowledgement: "concluded" }),
      { kind: "name", name: "Custom", acknowledgement: "declared" },
      expect.not.objectContaining({ acknowledgement: expect.anything() }),
    ]);
    expect(s.components[1]!.licenses).toEqual([
      expect.objectContaining({ expression: "MIT OR Apache-2.0", acknowledgement: "declared" }),
    ]);
  });
});
