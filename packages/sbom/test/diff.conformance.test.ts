import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diffSboms, diffToMarkdown, hasComponentChanges } from "../src/diff.js";
import { exportSbom } from "../src/export.js";
import type { Sbom } from "../src/model.js";
import { readSbom } from "../src/read.js";

const shared = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));
const read = (file: string): Sbom => readSbom(readFileSync(file), { validate: false }).sbom;
const md = `${shared}medical-device/sbom-completeness-case-study/`;

/** (group/name@version|purl) of every non-file component: "the same tree" when equal. */
const tree = (s: Sbom) =>
  s.components
    .filter((c) => c.type !== "file")
    .map((c) => `${c.group ?? ""}/${c.name}@${c.version ?? ""}|${c.purl ?? ""}`)
    .sort();

describe("diff of the same tree written differently (SOUP-04)", () => {
  it("SOUP-04 CycloneDX spec suite: every XML/JSON twin that lists the same components diffs to nothing", () => {
    let same = 0;
    let different = 0;
    for (const v of ["1.4", "1.5", "1.6", "1.7"]) {
      for (const x of readdirSync(`${shared}cyclonedx/xml/${v}`)) {
        if (!x.startsWith("valid-")) continue;
        const json = `${shared}cyclonedx/${v}/${x.replace(/\.xml$/, ".json")}`;
        if (!existsSync(json)) continue;
        const a = read(json);
        const b = read(`${shared}cyclonedx/xml/${v}/${x}`);
        const d = diffSboms(a, b);
        if (tree(a).join("\n") === tree(b).join("\n")) {
          same++;
          expect({ file: `${v}/${x}`, changes: hasComponentChanges(d), edges: d.dependencies }).toEqual({
            file: `${v}/${x}`,
            changes: false,
            edges: { added: [], removed: [] },
          });
        } else {
          // some twins of the suite really differ (e.g. the XML adds a purl or another version): the diff must see it
          different++;
          expect(hasComponentChanges(d)).toBe(true);
        }
      }
    }
    expect(same).toBeGreaterThanOrEqual(150);
    expect(different).toBeLessThanOrEqual(17);
  });

  it.each(["spdx/2.3/SPDXJSONExample-v2.3.spdx.json", "spdx/2.2/SPDXJSONExample-v2.2.spdx.json"])(
    "SOUP-04 %s and its CycloneDX 1.6 / 1.7 and SPDX 2.3 exports diff to nothing",
    (file) => {
      const a = read(`${shared}${file}`);
      for (const target of ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3"] as const) {
        const b = readSbom(JSON.stringify(exportSbom(a, target)), { validate: false }).sbom;
        const d = diffSboms(a, b);
        expect({ target, changes: hasComponentChanges(d), edges: d.dependencies }).toEqual({
          target,
          changes: false,
          edges: { added: [], removed: [] },
        });
      }
    },
  );

  it.each(["narrow.sbom.json", "extended.sbom.json"])(
    "SOUP-04 medical-device %s (CycloneDX 1.4) vs its CycloneDX 1.6 / 1.7 and SPDX 2.3 exports: nothing",
    (file) => {
      const a = read(`${md}${file}`);
      for (const target of ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3"] as const) {
        const b = readSbom(JSON.stringify(exportSbom(a, target)), { validate: false }).sbom;
        const d = diffSboms(a, b);
        // support-status properties travel through SPDX 2.3 as package annotations and are compared too
        expect({ target, changes: hasComponentChanges(d), unchanged: d.summary.unchanged }).toEqual({
          target,
          changes: false,
          unchanged: a.components.length,
        });
      }
    },
  );
});

describe("diff of two releases: medical-device narrow → extended (design-change evidence)", () => {
  const d = diffSboms(read(`${md}narrow.sbom.json`), read(`${md}extended.sbom.json`));

  it("SOUP-01 lists the ten components the extended SBOM adds, and nothing removed or changed", () => {
    expect(d.summary).toMatchObject({ added: 10, removed: 0, upgraded: 0, downgraded: 0, unchanged: 56 });
    expect(d.added.map((c) => c.name).sort()).toEqual([
      "ARM Cortex-M4 Microcontroller",
      "EdgeOS",
      "EdgeRouter X",
      "FreeRTOS",
      "MediaTek MT7621",
      "RS9113 WiseConnect SDK",
      "Silicon Labs RS9113",
      "UAP-AC-Pro",
      "UniFi Access Point",
      "UniFi Network Application",
    ]);
    expect(d.added.find((c) => c.name === "FreeRTOS")).toMatchObject({
      version: "10.0.1",
      purl: expect.any(String),
    });
  });

  it("SOUP-01 renders Markdown evidence with every added component", () => {
    const text = diffToMarkdown(d, { old: "narrow", new: "extended" });
    expect(text).toContain("## SBOM changes: narrow → extended");
    for (const c of d.added) expect(text).toContain(`| ${c.name} |`);
  });

  it("SOUP-01 the reverse diff removes the same ten", () => {
    const back = diffSboms(read(`${md}extended.sbom.json`), read(`${md}narrow.sbom.json`));
    expect(back.removed.map((c) => c.key).sort()).toEqual(d.added.map((c) => c.key).sort());
    expect(back.added).toEqual([]);
  });
});
