import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSbom, validateSbom } from "../src/index.js";
import { validateCycloneDxXmlBatch } from "../src/xsd.js";
import { CONFORMANCE, conformanceFile } from "./conformance.js";

const VERSIONS = ["1.4", "1.5", "1.6", "1.7"] as const;
const xmlFiles = VERSIONS.flatMap((v) =>
  readdirSync(join(CONFORMANCE, "cyclonedx/xml", v))
    .filter((f) => f.endsWith(".xml"))
    .sort()
    .map((f) => `cyclonedx/xml/${v}/${f}`),
);

/** Expected verdict from the file name (the spec suite convention; `informal-invalid-*` are invalid too). */
function expectedValid(file: string): boolean {
  return /\/valid-[^/]+$/u.test(file);
}

/** The first path where two values differ, or undefined. */
function firstDiff(a: unknown, b: unknown, path = ""): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      const d = firstDiff(ra[k], rb[k], `${path}/${k}`);
      if (d !== undefined) return d;
    }
  }
  return path;
}

/**
 * Twins whose upstream XML and JSON files differ in content (not in encoding): the first differing model
 * path is pinned so that any other difference still fails the test.
 */
const CONTENT_DIFFERS: Record<string, string> = {
  "valid-bom-1.4": "/metadata/timestamp",
  "valid-bom-1.5": "/metadata/timestamp",
  "valid-metadata-timestamp-1.4": "/metadata/timestamp",
  "valid-metadata-timestamp-1.5": "/metadata/timestamp",
  "valid-metadata-timestamp-1.6": "/metadata/timestamp",
  "valid-metadata-timestamp-1.7": "/metadata/timestamp",
  "valid-component-ref-1.4": "/components/1/parentRef",
  "valid-component-ref-1.5": "/components/1/parentRef",
  "valid-compositions-1.4": "/components/3/version",
  "valid-compositions-1.5": "/components/3/version",
  "valid-dependency-1.4": "/components/0/name",
  "valid-dependency-1.5": "/components/0/name",
  "valid-external-reference-1.4": "/components/0/publisher",
  "valid-external-reference-1.5": "/components/0/publisher",
  "valid-service-1.4": "/components/0/publisher",
  "valid-service-1.5": "/components/0/publisher",
  "valid-machine-learning-1.5": "/components/0/publisher",
  "valid-license-expression-1.4": "/components/0/ref",
  "valid-license-expression-1.5": "/components/0/ref",
  "valid-license-id-1.4": "/components/0/ref",
  "valid-license-id-1.5": "/components/0/ref",
  "valid-license-name-1.4": "/components/0/ref",
  "valid-license-name-1.5": "/components/0/ref",
  "valid-license-choice-1.7": "/components/0/ref",
  "valid-properties-1.4": "/components/0/properties",
  "valid-properties-1.5": "/components/0/properties",
  "valid-component-external-with-version": "/components/1/version",
  "valid-cryptography-implementation-1.7": "/metadata/name",
  "valid-license-expression-with-text-1.7": "/components/0/description",
};

describe("CycloneDX XML", () => {
  it("SEC-04: the suite has 284 XML files (55/62/74/93)", () => {
    expect(xmlFiles).toHaveLength(284);
  });

  it.each(VERSIONS)(
    "SEC-04: every CycloneDX %s XML file of the suite validates against the official XSD as its name says",
    async (version) => {
      const files = xmlFiles.filter((f) => f.split("/").at(-2) === version);
      const texts = files.map((f) => conformanceFile(f).toString("utf8"));
      const xsdIssues = await validateCycloneDxXmlBatch(texts, version);
      const disagree = files.filter((file, i) => {
        let valid = xsdIssues[i]!.length === 0;
        try {
          // The rules XSD 1.0 cannot express (1.7 versionRange) are checked on the parsed document.
          valid &&= readSbom(texts[i]!).issues.length === 0;
        } catch {
          valid = false; // e.g. invalid-namespace: not a CycloneDX document at all
        }
        return valid !== expectedValid(file);
      });
      expect(disagree).toEqual([]);
    },
    120_000,
  );

  it("SEC-04: validateSbom uses the XSD and reports line-located issues", async () => {
    const ok = await validateSbom(conformanceFile("cyclonedx/xml/1.6/valid-bom-1.6.xml"));
    expect(ok).toMatchObject({
      valid: true,
      format: "cyclonedx",
      specVersion: "1.6",
      encoding: "xml",
      validatedWith: "xsd",
    });
    const bad = await validateSbom(conformanceFile("cyclonedx/xml/1.6/invalid-hash-alg-1.6.xml"));
    expect(bad.valid).toBe(false);
    expect(bad.issues[0]?.path).toMatch(/^line \d+$/u);
    const informal = await validateSbom(
      conformanceFile("cyclonedx/xml/1.7/informal-invalid-component-versionRange-non-external-implicit.xml"),
    );
    expect(informal.issues).toContainEqual({
      path: "/components/0/versionRange",
      message: "versionRange is only allowed when isExternal is true",
    });
  });

  const twins = xmlFiles.filter((f) => {
    const name = f.split("/").at(-1)!;
    const version = f.split("/").at(-2)!;
    return (
      name.startsWith("valid-") &&
      existsSync(join(CONFORMANCE, "cyclonedx", version, name.replace(/\.xml$/u, ".json")))
    );
  });

  it("has JSON twins for most valid XML files", () => {
    expect(twins.length).toBeGreaterThan(160);
  });

  it.each(twins)("SEC-04: %s normalises to the same model as its JSON twin", (file) => {
    const name = file
      .split("/")
      .at(-1)!
      .replace(/\.xml$/u, "");
    const version = file.split("/").at(-2)!;
    const xml = readSbom(conformanceFile(file), { validate: false }).sbom;
    const json = readSbom(conformanceFile(`cyclonedx/${version}/${name}.json`), { validate: false }).sbom;
    expect(xml.encoding).toBe("xml");
    // fast-xml-parser groups <license> and <expression> siblings by name, so their relative order is not kept.
    const comparable = (s: typeof xml) => ({
      ...s,
      encoding: "",
      components: s.components.map((c) => ({
        ...c,
        licenses: [...c.licenses].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      })),
    });
    const diff = firstDiff(comparable(xml), comparable(json));
    const expected = CONTENT_DIFFERS[name];
    if (expected === undefined) expect(diff).toBeUndefined();
    else expect(diff?.startsWith(expected) === true ? expected : diff).toBe(expected);
  });
});
