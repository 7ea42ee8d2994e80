import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diffSboms, hasComponentChanges } from "../src/diff.js";
import { exportSbom } from "../src/export.js";
import { mergeSboms } from "../src/merge.js";
import type { Sbom } from "../src/model.js";
import { readSbom } from "../src/read.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const read = (file: string): Sbom => readSbom(readFileSync(`${shared}${file}`), { validate: false }).sbom;
const narrow = read("medical-device/sbom-completeness-case-study/narrow.sbom.json");
const extended = read("medical-device/sbom-completeness-case-study/extended.sbom.json");
const spdx = read("spdx/2.3/SPDXJSONExample-v2.3.spdx.json");

describe("merge of real SBOMs", () => {
  const merged = mergeSboms([narrow, spdx], { root: { name: "Infusion system", version: "2.0" } });

  it("SOUP-01 keeps every component of both inputs under device → subsystem", () => {
    const byRef = new Map(merged.components.map((c) => [c.ref, c]));
    const root = merged.metadata.rootRef!;
    expect(byRef.get(root)?.type).toBe("device");
    // every component reaches the device by parentRef
    for (const c of merged.components) {
      let cur = c;
      let hops = 0;
      while (cur.ref !== root && hops < 10) {
        expect(cur.parentRef).toBeDefined();
        cur = byRef.get(cur.parentRef!)!;
        hops++;
      }
      expect(cur.ref).toBe(root);
    }
    // subsystems: the inputs' own roots
    const subsystems = merged.components.filter((c) => c.parentRef === root).map((c) => c.name);
    expect(subsystems).toEqual(["REDACTED", "glibc"]);
    expect(merged.components).toHaveLength(1 + narrow.components.length + spdx.components.length);
  });

  it("SOUP-01 merged and exported to CycloneDX 1.6 it is schema-valid and keeps the components", () => {
    const doc = exportSbom(merged, "cyclonedx-1.6");
    const back = readSbom(JSON.stringify(doc));
    expect(back.issues).toEqual([]);
    expect(back.valid).toBe(true);
    expect(hasComponentChanges(diffSboms(merged, back.sbom))).toBe(false);
  });

  it("SOUP-01 narrow + extended: de-duplicated by purl, the ten extra components once", () => {
    const m = mergeSboms([narrow, extended], { root: { name: "Device" } });
    const purls = m.components.map((c) => c.purl).filter((p): p is string => p !== undefined);
    expect(new Set(purls).size).toBe(purls.length);
    const inputPurls = new Set(
      [...narrow.components, ...extended.components].map((c) => c.purl).filter((p) => p !== undefined),
    );
    expect(purls.length).toBe(inputPurls.size);
    // neither input has dependency relationships: recorded as known unknowns, one per subsystem
    expect(m.knownUnknowns.filter((k) => k.element === "dependencies")).toHaveLength(2);
  });
});
