/**
 * SPDX 2.x tag-value → the SPDX 2 JSON object form, so that one normaliser (`spdx2.ts`) serves both.
 *
 * Hand-written because no maintained JavaScript parser for SPDX tag-value exists on npm (the spdx-tools
 * family is Python/Java). It is a line-oriented, single-pass, linear parser: `Tag: value` lines, multi-line
 * values in `<text>…</text>`; `PackageName` opens a package, `FileName` a file, `SnippetSPDXID` a snippet,
 * `LicenseID` an extracted licence. Tags it does not know are ignored.
 */
import type { ReadContext } from "./normalise-common.js";

const PACKAGE_FIELDS: Record<string, string> = {
  SPDXID: "SPDXID",
  PackageVersion: "versionInfo",
  PackageFileName: "packageFileName",
  PackageSupplier: "supplier",
  PackageOriginator: "originator",
  PackageDownloadLocation: "downloadLocation",
  PackageHomePage: "homepage",
  PackageLicenseConcluded: "licenseConcluded",
  PackageLicenseDeclared: "licenseDeclared",
  PackageCopyrightText: "copyrightText",
  PackageSummary: "summary",
  PackageDescription: "description",
  PrimaryPackagePurpose: "primaryPackagePurpose",
  ValidUntilDate: "validUntilDate",
  ReleaseDate: "releaseDate",
  BuiltDate: "builtDate",
};

function listOf(obj: Record<string, unknown>, key: string): unknown[] {
  const existing = obj[key];
  if (Array.isArray(existing)) return existing;
  const list: unknown[] = [];
  obj[key] = list;
  return list;
}

/** Parses SPDX tag-value text into the SPDX 2 JSON object form. */
export function tagValueToSpdxJson(text: string, ctx: ReadContext): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const creationInfo: Record<string, unknown> = { creators: [] as string[] };
  const packages: Record<string, unknown>[] = [];
  const relationships: Record<string, unknown>[] = [];
  const describes: string[] = [];
  let section: "document" | "package" | "other" = "document";
  let pkg: Record<string, unknown> | undefined;

  const lines = text.split(/\r?\n/u);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      ctx.skip(`/line/${i + 1}`, "line is not of the form Tag: value");
      continue;
    }
    const tag = line.slice(0, colon).trim();
    let value = line.slice(colon + 1).trim();
    if (value.startsWith("<text>")) {
      // Multi-line value: up to the closing </text>, possibly on a later line.
      let buffer = value.slice("<text>".length);
      while (!buffer.includes("</text>") && i + 1 < lines.length) buffer += `\n${lines[++i]}`;
      const end = buffer.indexOf("</text>");
      value = end >= 0 ? buffer.slice(0, end) : buffer;
    }
    switch (tag) {
      case "SPDXVersion":
        doc.spdxVersion = value;
        continue;
      case "PackageName":
        pkg = { name: value };
        packages.push(pkg);
        section = "package";
        continue;
      case "FileName":
      case "SnippetSPDXID":
      case "LicenseID":
        section = "other";
        pkg = undefined;
        continue;
      case "Relationship": {
        const [from, type, to] = value.split(/\s+/u);
        if (from === undefined || type === undefined || to === undefined)
          ctx.skip(`/line/${i + 1}`, "Relationship needs three parts");
        else relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });
        continue;
      }
      default:
        break;
    }
    if (section === "document") {
      if (tag === "DataLicense") doc.dataLicense = value;
      else if (tag === "SPDXID") doc.SPDXID = value;
      else if (tag === "DocumentName") doc.name = value;
      else if (tag === "DocumentNamespace") doc.documentNamespace = value;
      else if (tag === "Creator") (creationInfo.creators as string[]).push(value);
      else if (tag === "Created") creationInfo.created = value;
      else if (tag === "DocumentDescribes") describes.push(...value.split(/[\s,]+/u).filter(Boolean));
    } else if (section === "package" && pkg !== undefined) {
      const field = Object.hasOwn(PACKAGE_FIELDS, tag) ? PACKAGE_FIELDS[tag] : undefined;
      if (field !== undefined) pkg[field] = value;
      else if (tag === "PackageChecksum") {
        const m = /^([\w-]+)\s*:\s*(\S+)/u.exec(value);
        if (m === null) ctx.skip(`/line/${i + 1}`, "PackageChecksum is not ALG: value");
        else listOf(pkg, "checksums").push({ algorithm: m[1], checksumValue: m[2] });
      } else if (tag === "ExternalRef") {
        const [category, type, locator] = value.split(/\s+/u);
        if (locator === undefined) ctx.skip(`/line/${i + 1}`, "ExternalRef needs category, type and locator");
        else
          listOf(pkg, "externalRefs").push({
            referenceCategory: category,
            referenceType: type,
            referenceLocator: locator,
          });
      }
    }
  }
  if (Object.keys(creationInfo).length > 1 || (creationInfo.creators as string[]).length > 0)
    doc.creationInfo = creationInfo;
  doc.packages = packages;
  doc.relationships = relationships;
  if (describes.length > 0) doc.documentDescribes = describes;
  return doc;
}
