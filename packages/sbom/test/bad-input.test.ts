import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat, exportSbom, readSbom, SbomSchema, safeParseSbom, validateSbom } from "../src/index.js";
import { conformanceFile } from "./conformance.js";

/** Runs `fn` and returns the QmsError code it threw, or "ok". Any other throw fails the test. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (isQmsError(e)) return e.code;
    throw e;
  }
}

async function outcomeAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    if (isQmsError(e)) return e.code;
    throw e;
  }
}

const cdx = (extra: Record<string, unknown>): string =>
  JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, ...extra });

describe("bad input: typed errors or issues, bounded, never a crash", () => {
  it("SEC-04: truncated JSON and XML are SBOM_UNREADABLE", () => {
    const json = conformanceFile("cyclonedx/1.6/valid-bom-1.6.json").toString("utf8");
    expect(outcome(() => readSbom(json.slice(0, json.length / 2)))).toBe("SBOM_UNREADABLE");
    const xml = conformanceFile("cyclonedx/xml/1.6/valid-bom-1.6.xml").toString("utf8");
    expect(outcome(() => readSbom(xml.slice(0, xml.length / 2)))).toBe("SBOM_UNREADABLE");
    const spdx = conformanceFile("spdx/2.3/SPDXJSONExample-v2.3.spdx.json").toString("utf8");
    expect(outcome(() => readSbom(spdx.slice(0, 1000)))).toBe("SBOM_UNREADABLE");
  });

  it("SEC-04: empty, non-object and unknown JSON are typed errors", () => {
    expect(outcome(() => readSbom(""))).toBe("SBOM_UNREADABLE");
    expect(outcome(() => readSbom("   \n"))).toBe("SBOM_UNREADABLE");
    expect(outcome(() => readSbom("[]"))).toBe("UNSUPPORTED");
    expect(outcome(() => readSbom("42"))).toBe("UNSUPPORTED");
    expect(outcome(() => readSbom("null"))).toBe("UNSUPPORTED");
    expect(outcome(() => readSbom('{"hello":"world"}'))).toBe("UNSUPPORTED");
    expect(outcome(() => readSbom(cdx({ specVersion: "9.9" })))).toBe("UNSUPPORTED");
    expect(outcome(() => readSbom(42 as unknown as string))).toBe("VALIDATION");
  });

  it("SEC-04: wrong types become validation issues and skipped parts in tolerant mode", () => {
    const r = readSbom(
      cdx({
        metadata: [],
        components: [
          1,
          null,
          "x",
          { type: "library", name: 5 },
          { type: "library", name: "ok", hashes: "no", licenses: {} },
        ],
        dependencies: [{ ref: 7 }, "x", { ref: "ok", dependsOn: [1, "b"] }],
        compositions: [{}],
      }),
    );
    expect(r.valid).toBe(false);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.sbom.components.map((c) => c.name)).toEqual(["", "ok"]);
    expect(r.sbom.skipped.map((s) => s.path)).toEqual(
      expect.arrayContaining([
        "/components/0",
        "/components/1",
        "/components/2",
        "/dependencies/0",
        "/compositions/0",
      ]),
    );
    expect(r.sbom.dependencies).toEqual([{ ref: "ok", dependsOn: ["b"] }]);
    expect(SbomSchema.safeParse(r.sbom).success).toBe(true);
    expect(readSbom(cdx({ components: "x" })).sbom.skipped).toEqual([
      { path: "/components", reason: "components is not an array" },
    ]);
    const spdx = readSbom(
      JSON.stringify({
        spdxVersion: "SPDX-2.3",
        packages: [null, { name: 1 }],
        relationships: [{}],
        creationInfo: 5,
      }),
    );
    expect(spdx.valid).toBe(false);
    expect(spdx.sbom.components).toHaveLength(1);
  });

  it("SEC-04: __proto__ and constructor keys do not pollute prototypes", () => {
    const hostile =
      '{"bomFormat":"CycloneDX","specVersion":"1.6","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
      '"metadata":{"__proto__":{"polluted":"yes"},"component":{"type":"library","name":"__proto__","bom-ref":"__proto__"}},' +
      '"components":[{"type":"library","name":"constructor","bom-ref":"constructor","__proto__":{"polluted":"yes"},' +
      '"properties":[{"name":"__proto__","value":"x"}],"hashes":[{"alg":"__proto__","content":"constructor"}]}],' +
      '"dependencies":[{"ref":"__proto__","dependsOn":["constructor","__proto__"]}]}';
    for (const input of [hostile, hostile.replace('"bomFormat":"CycloneDX",', '"spdxVersion":"SPDX-2.3",')]) {
      const r = readSbom(input);
      expect(r.sbom).toBeDefined();
    }
    const sbom = readSbom(hostile).sbom;
    expect(sbom.components.map((c) => c.ref)).toEqual(["__proto__", "constructor"]);
    expect(sbom.dependencies).toEqual([{ ref: "__proto__", dependsOn: ["constructor", "__proto__"] }]);
    // Lookup tables keyed by input strings do not see Object.prototype members.
    const sneaky = readSbom(
      '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","bom-ref":"a","hashes":[{"alg":"constructor","content":"x"}]}],"compositions":[{"aggregate":"constructor","assemblies":["a"]}]}',
    ).sbom;
    expect(sneaky.knownUnknowns[0]?.kind).toBe("unknown");
    expect(
      SbomSchema.safeParse(
        readSbom(
          JSON.stringify({
            "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
            "@graph": [{ type: "constructor", spdxId: "x" }, { type: "toString" }],
          }),
        ).sbom,
      ).success,
    ).toBe(true);
    expect(
      readSbom("SPDXVersion: SPDX-2.3\nPackageName: p\nconstructor: x\ntoString: y\n").sbom.components,
    ).toHaveLength(1);
    const spdxDoc = exportSbom(sneaky, "spdx-2.3") as { packages: { checksums?: unknown[] }[] };
    expect(spdxDoc.packages[0]?.checksums).toBeUndefined();
    // fast-xml-parser refuses element names that could pollute prototypes.
    const xml =
      '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>' +
      '<component type="library"><name>x</name><__proto__><polluted>yes</polluted></__proto__></component></components></bom>';
    expect(outcome(() => readSbom(xml))).toBe("SBOM_UNREADABLE");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("SEC-04: 10,000-deep nesting is bounded (components, arrays, objects, XML)", async () => {
    // Built as text: JSON.stringify itself would exhaust the stack on this depth.
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[${'{"type":"library","name":"c","components":['.repeat(10_000)}{"type":"library","name":"leaf"}${"]}".repeat(10_000)}]}`;
    const t0 = performance.now();
    const r = readSbom(deep);
    expect(r.valid).toBe(false);
    expect(r.sbom.skipped.some((s) => s.reason.includes("nested deeper"))).toBe(true);
    expect(r.sbom.components.length).toBeLessThanOrEqual(64);
    expect(await outcomeAsync(() => validateSbom(deep))).toBe("ok");
    expect(outcome(() => readSbom(`${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toBe("UNSUPPORTED");
    const deepObject = `{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"properties":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}}`;
    expect(outcome(() => readSbom(deepObject))).toBe("ok");
    const xml = `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>${'<component type="library"><name>x</name><components>'.repeat(5000)}${"</components></component>".repeat(5000)}</components></bom>`;
    expect(outcome(() => readSbom(xml))).toBe("SBOM_UNREADABLE");
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it("SEC-04: a 500 MB string is refused up front with LIMIT_EXCEEDED", () => {
    const huge = "x".repeat(500_000_000);
    const t0 = performance.now();
    expect(outcome(() => readSbom(huge))).toBe("LIMIT_EXCEEDED");
    expect(outcome(() => detectFormat(huge))).toBe("LIMIT_EXCEEDED");
    expect(performance.now() - t0).toBeLessThan(1000);
    // A large string value inside the limit is read normally.
    const big = readSbom(
      cdx({ components: [{ type: "library", name: "n", description: "d".repeat(20_000_000) }] }),
    );
    expect(big.sbom.components[0]!.description).toHaveLength(20_000_000);
    expect(outcome(() => readSbom("{}", { maxBytes: 1 }))).toBe("LIMIT_EXCEEDED");
  });

  it("SEC-04: binary garbage is SBOM_UNREADABLE", () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    expect(outcome(() => readSbom(bytes))).toBe("SBOM_UNREADABLE");
    expect(outcome(() => readSbom(new Uint8Array([0x7b, 0, 0, 0])))).toBe("SBOM_UNREADABLE");
  });

  it("SEC-04: XML entity expansion (billion laughs) and external entities are refused", async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE bom [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&lol9;</name></component></components></bom>`;
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&xxe;</name></component></components></bom>`;
    for (const input of [laughs, xxe]) {
      expect(outcome(() => readSbom(input))).toBe("SBOM_XML_DOCTYPE");
      expect(await outcomeAsync(() => validateSbom(input))).toBe("SBOM_XML_DOCTYPE");
    }
    const r = safeParseSbom(xxe);
    expect(r.success).toBe(false);
  });
});

describe("fuzzing (fast-check)", () => {
  const allowed = new Set([
    "ok",
    "SBOM_UNREADABLE",
    "UNSUPPORTED",
    "SBOM_XML_DOCTYPE",
    "VALIDATION",
    "LIMIT_EXCEEDED",
  ]);

  it("SEC-04: detectFormat never throws anything but a QmsError on arbitrary text and bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.uint8Array()), (input) => {
        expect(allowed.has(outcome(() => detectFormat(input)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("SEC-04: readSbom copes with arbitrary JSON under CycloneDX and SPDX headers", () => {
    const header = fc.constantFrom(
      { bomFormat: "CycloneDX", specVersion: "1.6" },
      { bomFormat: "CycloneDX", specVersion: "1.3" },
      { spdxVersion: "SPDX-2.3" },
      { "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld" },
    );
    const body = fc.dictionary(
      fc.constantFrom(
        "components",
        "metadata",
        "dependencies",
        "compositions",
        "packages",
        "relationships",
        "creationInfo",
        "@graph",
        "__proto__",
      ),
      fc.jsonValue({ maxDepth: 4 }),
    );
    fc.assert(
      fc.property(header, body, (h, b) => {
        const input = JSON.stringify({ ...b, ...h });
        const code = outcome(() => {
          const r = readSbom(input);
          expect(SbomSchema.safeParse(r.sbom).success).toBe(true);
        });
        expect(allowed.has(code)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("SEC-04: readSbom copes with truncated and corrupted real files", () => {
    const files = [
      conformanceFile("cyclonedx/1.6/valid-bom-1.6.json"),
      conformanceFile("cyclonedx/xml/1.6/valid-bom-1.6.xml"),
      conformanceFile("spdx/2.3/SPDXJSONExample-v2.3.spdx.json"),
      conformanceFile("spdx/ntia-minimum-elements/spdx3/has_sbom.json"),
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        (which, cut, flips) => {
          const bytes = Uint8Array.from(files[which]!);
          for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
          const input = bytes.subarray(0, Math.max(1, Math.floor(cut * bytes.length)));
          expect(allowed.has(outcome(() => readSbom(input)))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("SEC-04: the tag-value parser copes with arbitrary lines", () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "PackageName: x",
        "SPDXID: SPDXRef-x",
        "Relationship: a DEPENDS_ON",
        "PackageChecksum: nope",
        "ExternalRef: a",
        "<text>",
        "</text>",
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        expect(allowed.has(outcome(() => readSbom(["SPDXVersion: SPDX-2.3", ...lines].join("\n"))))).toBe(
          true,
        );
      }),
      { numRuns: 300 },
    );
  });
});
