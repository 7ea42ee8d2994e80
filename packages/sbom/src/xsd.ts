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
