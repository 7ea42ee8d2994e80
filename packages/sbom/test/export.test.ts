import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import {
  checkMinimumElements,
  type ExportTarget,
  exportSbom,
  readSbom,
  type Sbom,
  sbomOf,
} from "../src/index.js";
import { licenseFromExpression } from "../src/normalise-common.js";
import { validateAgainst } from "../src/validate.js";
import { conformanceFile, conformanceFiles } from "./conformance.js";

const TARGETS: ExportTarget[] = ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3"];

type Ast = { license?: string; exception?: string; left?: Ast; right?: Ast };
function licenseAtoms(l: Sbom["components"][number]["licenses"][number]): string[] {
  if (l.kind === "name") return ["<name>"];
  if (l.kind !== "expression") return [l.kind];
  const out: string[] = [];
  const walk = (n: Ast | undefined): void => {
    if (n === undefined) return;
    if (n.license !== undefined) out.push(n.license.startsWith("LicenseRef-") ? "<name>" : n.license);
    walk(n.left);
    walk(n.right);
  };
  if (l.parsed === undefined) return [l.expression];
  walk(l.parsed as Ast);
  return out;
}

/** What a round trip must keep for each component: identity, identifiers, hashes and licences. */
function projection(sbom: Sbom, target: ExportTarget): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of sbom.components) {
    // SPDX 2.3 has two licence fields (concluded, declared) and no free-text licence: more than two licences
    // are joined with AND, and a name travels as a LicenseRef- with its text extracted. "No licence
    // information" is written NOASSERTION. So for SPDX the licence atoms are compared.
    const licenses =
      target === "spdx-2.3"
        ? c.licenses.flatMap((l) => (l.kind === "noassertion" ? [] : licenseAtoms(l)))
        : c.licenses.map((l) =>
            l.kind === "expression" ? l.expression : l.kind === "name" ? l.name : l.kind,
          );
    out.set(
      c.ref,
      JSON.stringify({
        name: c.name,
        group: c.group,
        version: c.version,
        purl: c.purl,
        cpe: c.cpe,
        ids: c.otherIdentifiers
          .filter((i) => i.type !== "spdxid")
          .map((i) => `${i.type}=${i.value}`)
          .sort(),
        hashes: [...new Set(c.hashes.map((h) => `${h.alg}=${h.content}`))].sort(),
        licenses: [...new Set(licenses)].sort(),
      }),
    );
  }
  return out;
}

function edges(sbom: Sbom, proj: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const d of sbom.dependencies) {
    for (const t of d.dependsOn) {
      const from = proj.get(d.ref);
      const to = proj.get(t);
      if (from !== undefined && to !== undefined) out.add(`${from} -> ${to}`);
    }
  }
  return [...out].sort();
}

const sources = [
  ...["1.4", "1.5", "1.6", "1.7"].flatMap((v) =>
    conformanceFiles(`cyclonedx/${v}`).filter((f) => f.includes("/valid-")),
  ),
  "spdx/2.2/SPDXJSONExample-v2.2.spdx.json",
  "spdx/2.3/SPDXJSONExample-v2.3.spdx.json",
  ...conformanceFiles("spdx/ntia-minimum-elements"),
  ...conformanceFiles("spdx/real-world"),
  ...conformanceFiles("medical-device"),
  "cyclonedx/xml/1.6/valid-bom-1.6.xml",
  "cyclonedx/xml/1.7/valid-compositions-1.7.xml",
];

describe("export round trip: read → export → official schema → read", () => {
  it("covers the conformance files", () => {
    expect(sources.length).toBeGreaterThan(200);
  });

  const cases = sources.flatMap((file) => TARGETS.map((target) => [file, target] as const));
  it.each(cases)(
    "SOUP-01: %s → %s loses no component, identifier, hash, licence or dependency edge",
    (file, target) => {
      const original = readSbom(conformanceFile(file)).sbom;
      const doc = exportSbom(original, target);
      const schema =
        target === "spdx-2.3" ? "spdx-2.3" : target === "cyclonedx-1.6" ? "cyclonedx-1.6" : "cyclonedx-1.7";
      expect(validateAgainst(schema, doc)).toEqual([]);
      const back = readSbom(JSON.stringify(doc));
      expect(back.valid).toBe(true);
      const before = projection(original, target);
      const after = projection(back.sbom, target);
      expect([...after.values()].sort()).toEqual([...before.values()].sort());
      expect(edges(back.sbom, after)).toEqual(edges(original, before));
    },
  );

  it("SEC-04: support-status properties survive as properties (cdx:fda:*, endOfSupport)", () => {
    const props = [
      { name: "cdx:fda:level-of-support", value: "actively-maintained" },
      { name: "cdx:fda:end-of-support-date", value: "2030-12-31" },
      { name: "cdx:lifecycle:milestone:endOfSupport", value: "2030-12-31" },
    ];
    const sbom = sbomOf({
      components: [{ name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1", properties: props }],
    });
    for (const target of TARGETS) {
      const back = readSbom(JSON.stringify(exportSbom(sbom, target))).sbom;
      expect(back.components[0]!.properties).toEqual(expect.arrayContaining(props));
    }
  });

  it("SEC-04: SPDX validUntilDate becomes cdx:lifecycle:milestone:endOfSupport", () => {
    const sbom = readSbom(conformanceFile("spdx/2.3/SPDXJSONExample-v2.3.spdx.json")).sbom;
    const back = readSbom(JSON.stringify(exportSbom(sbom, "cyclonedx-1.6"))).sbom;
    const pkg = back.components.find((c) => c.name === "glibc")!;
    expect(pkg.properties).toContainEqual({
      name: "cdx:lifecycle:milestone:endOfSupport",
      value: "2014-01-29T18:30:22Z",
    });
  });

  it("known unknowns become CycloneDX compositions", () => {
    const sbom = sbomOf({
      components: [{ name: "a", ref: "a" }],
      knownUnknowns: [{ kind: "unknown", scope: "a", element: "dependencies" }],
    });
    const doc = exportSbom(sbom, "cyclonedx-1.6") as { compositions: unknown[] };
    expect(doc.compositions).toEqual([{ aggregate: "unknown", dependencies: ["a"] }]);
    expect(readSbom(JSON.stringify(doc)).sbom.knownUnknowns).toEqual([
      { kind: "unknown", scope: "a", element: "dependencies", detail: 'compositions aggregate "unknown"' },
    ]);
  });

  it("rejects an unknown target with UNSUPPORTED", () => {
    try {
      exportSbom(sbomOf(), "cyclonedx-1.2" as ExportTarget);
      expect.unreachable();
    } catch (e) {
      expect(isQmsError(e, "UNSUPPORTED")).toBe(true);
    }
  });
});

describe("export: licence acknowledgement", () => {
  type Pkg = { SPDXID: string; licenseConcluded?: string; licenseDeclared?: string };
  const ntia = (c: string) =>
    readSbom(conformanceFile(`spdx/ntia-minimum-elements/${c}/SPDXJSONExample-v2.3.spdx.json`), {
      validate: false,
    }).sbom;
  const pkg = (doc: unknown) =>
    (doc as { packages: Pkg[] }).packages.find((p) => p.SPDXID === "SPDXRef-Package")!;
  const licenseVerdict = (s: Sbom) =>
    checkMinimumElements(s, "cisa-2025").elements.find((e) => e.id === "license")?.failing;

  it("SEC-04: SPDX 2.3 export writes concluded → licenseConcluded, declared → licenseDeclared", () => {
    const doc = exportSbom(ntia("no_elements_missing"), "spdx-2.3");
    expect(pkg(doc)).toMatchObject({
      licenseConcluded: "(LGPL-2.0-only OR LicenseRef-3)",
      licenseDeclared: "(LGPL-2.0-only AND LicenseRef-3)",
    });
  });

  it("SEC-04: a declared licence alone is not exported as concluded; the CISA license verdict survives the round trip", () => {
    const original = ntia("missing_concluded_license");
    const doc = exportSbom(original, "spdx-2.3");
    expect(validateAgainst("spdx-2.3", doc)).toEqual([]);
    expect(pkg(doc).licenseConcluded).toBeUndefined();
    expect(pkg(doc).licenseDeclared).toBe("(LGPL-2.0-only AND LicenseRef-3)");
    const back = readSbom(JSON.stringify(doc)).sbom;
    expect(back.components.find((c) => c.ref === "SPDXRef-Package")?.licenses).toEqual(
      original.components.find((c) => c.ref === "SPDXRef-Package")?.licenses,
    );
    expect(licenseVerdict(back)).toEqual(["SPDXRef-Package"]);
  });

  it("keeps the old SPDX mapping for licences without acknowledgement", () => {
    const one = sbomOf({
      components: [{ ref: "a", name: "a", licenses: [{ kind: "expression", expression: "MIT" }] }],
    });
    expect(exportSbom(one, "spdx-2.3")).toMatchObject({
      packages: [{ licenseConcluded: "MIT", licenseDeclared: "MIT" }],
    });
  });

  it.each(["cyclonedx-1.6", "cyclonedx-1.7"] as const)(
    "SEC-04: %s writes the acknowledgement and reads it back",
    (target) => {
      const sbom = sbomOf({
        components: [
          {
            ref: "a",
            name: "a",
            licenses: [
              { ...licenseFromExpression("MIT"), acknowledgement: "concluded" },
              { ...licenseFromExpression("MIT"), acknowledgement: "declared" },
            ],
          },
          { ref: "b", name: "b", licenses: [{ kind: "name", name: "Custom", acknowledgement: "declared" }] },
          {
            ref: "c",
            name: "c",
            licenses: [{ kind: "expression", expression: "MIT OR Apache-2.0", acknowledgement: "concluded" }],
          },
          {
            // SPDX concluded = declared, a compound expression: one CycloneDX expression, no acknowledgement
            ref: "d",
            name: "d",
            licenses: [
              { kind: "expression", expression: "MIT OR Apache-2.0", acknowledgement: "concluded" },
              { kind: "expression", expression: "MIT OR Apache-2.0", acknowledgement: "declared" },
            ],
          },
        ],
      });
      const doc = exportSbom(sbom, target) as { components: { "bom-ref": string; licenses: unknown }[] };
      expect(validateAgainst(target, doc)).toEqual([]);
      const lic = (ref: string) => doc.components.find((c) => c["bom-ref"] === ref)?.licenses;
      expect(lic("a")).toEqual([
        { license: { id: "MIT", acknowledgement: "concluded" } },
        { license: { id: "MIT", acknowledgement: "declared" } },
      ]);
      expect(lic("b")).toEqual([{ license: { name: "Custom", acknowledgement: "declared" } }]);
      expect(lic("c")).toEqual([{ expression: "MIT OR Apache-2.0", acknowledgement: "concluded" }]);
      expect(lic("d")).toEqual([{ expression: "MIT OR Apache-2.0" }]);
      const back = readSbom(JSON.stringify(doc)).sbom;
      const acks = (ref: string) =>
        back.components.find((c) => c.ref === ref)?.licenses.map((l) => l.acknowledgement);
      expect(acks("a")).toEqual(["concluded", "declared"]);
      expect(acks("b")).toEqual(["declared"]);
      expect(acks("c")).toEqual(["concluded"]);
    },
  );
});
