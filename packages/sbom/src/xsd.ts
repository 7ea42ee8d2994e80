/**
 * CycloneDX XML validation against the official XSDs with xmllint-wasm (libxml2 compiled to WebAssembly:
 * no native build, no network). The `spdx` import of the CycloneDX XSDs points at
 * `http://cyclonedx.org/schema/spdx`; the local `spdx.xsd` is put in its place in memory (what the upstream
 * `xmlcatalog.xml` does), and xmllint runs with `--nonet`.
 *
 * @requirement SEC-04 the SBOM is machine-readable and schema-valid in its XML encoding too
 */
import { validateXML } from "xmllint-wasm";
import { schemaText } from "./schemas.js";
import type { ValidationIssue } from "./validate.js";

const SPDX_IMPORT = 'schemaLocation="http://cyclonedx.org/schema/spdx"';

const xsdCache = new Map<string, string>();

function bomXsd(version: string): string {
  let xsd = xsdCache.get(version);
  if (xsd === undefined) {
    xsd = schemaText(`bom-${version}.xsd`).replace(SPDX_IMPORT, 'schemaLocation="spdx.xsd"');
    xsdCache.set(version, xsd);
  }
  return xsd;
}

/**
 * Validates several CycloneDX XML documents of one version in a single xmllint run (one WebAssembly start
 * instead of one per document). Returns the issues per document, in input order.
 */
export async function validateCycloneDxXmlBatch(
  xmls: readonly string[],
  version: string,
): Promise<ValidationIssue[][]> {
  if (xmls.length === 0) return [];
  const names = xmls.map((_, i) => `bom-${i}.xml`);
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: names[i]!, contents })),
    schema: [{ fileName: "bom.xsd", contents: bomXsd(version) }],
    preload: [{ fileName: "spdx.xsd", contents: schemaText("spdx.xsd") }],
    modifyArguments: (args) => ["--nonet", ...args],
  });
  const out: ValidationIssue[][] = xmls.map(() => []);
  for (const e of result.errors) {
    const index = e.loc === null ? -1 : names.indexOf(e.loc.fileName);
    const issue = { path: e.loc === null ? "" : `line ${e.loc.lineNumber}`, message: e.message.trim() };
    if (index >= 0) out[index]!.push(issue);
    else if (xmls.length === 1) out[0]!.push(issue);
  }
  // xmllint's summary line "<file> fails to validate" without a located error.
  for (const [i, name] of names.entries()) {
    if (out[i]!.length === 0 && new RegExp(`^${name} fails to validate`, "mu").test(result.rawOutput)) {
      out[i]!.push({ path: "", message: "XML is not valid against the CycloneDX XSD" });
    }
  }
  return out;
}

/** Validates CycloneDX XML text against the XSD of its version. Issues carry `line <n>` paths. */
export async function validateCycloneDxXml(xml: string, version: string): Promise<ValidationIssue[]> {
  const result = await validateXML({
    xml: [{ fileName: "bom.xml", contents: xml }],
    schema: [{ fileName: "bom.xsd", contents: bomXsd(version) }],
    preload: [{ fileName: "spdx.xsd", contents: schemaText("spdx.xsd") }],
    modifyArguments: (args) => ["--nonet", ...args],
  });
  if (result.valid) return [];
  const issues = result.errors.map((e) => ({
    path: e.loc === null ? "" : `line ${e.loc.lineNumber}`,
    message: e.message.trim(),
  }));
  return issues.length > 0 ? issues : [{ path: "", message: "XML is not valid against the CycloneDX XSD" }];
}
