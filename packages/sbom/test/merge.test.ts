import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeSboms } from "../src/merge.js";
import { type Sbom, SbomSchema, sbomOf } from "../src/model.js";

const firmware = sbomOf({
  metadata: { name: "firmware", version: "3.1", rootRef: "fw", timestamp: "2026-01-01T00:00:00Z" },
  components: [
    { ref: "fw", name: "pump-firmware", version: "3.1", type: "firmware" },
    {
      ref: "zlib",
      name: "zlib",
      version: "1.3.1",
      purl: "pkg:generic/zlib@1.3.1",
      hashes: [{ alg: "SHA-256", content: "aa" }],
    },
    { ref: "rtos", name: "freertos", version: "10.6", purl: "pkg:generic/freertos@10.6" },
    { ref: "rtos-net", name: "freertos-tcp", version: "4.0", parentRef: "rtos" },
  ],
  dependencies: [
    { ref: "fw", dependsOn: ["zlib", "rtos"] },
    { ref: "rtos", dependsOn: ["rtos-net"] },
  ],
  knownUnknowns: [{ kind: "redacted", scope: "rtos", element: "supplier" }],
});

const app = sbomOf({
  format: "spdx",
  specVersion: "2.3",
  metadata: { name: "clinician-app", timestamp: "2026-02-01T00:00:00Z" },
  components: [
    {
      ref: "SPDXRef-zlib",
      name: "zlib",
      version: "1.3.1",
      purl: "pkg:generic/zlib@1.3.1",
      hashes: [
        { alg: "SHA-256", content: "bb" },
        { alg: "SHA-1", content: "cc" },
      ],
    },
    { ref: "rtos", name: "react", version: "18.3.1", purl: "pkg:npm/react@18.3.1" },
  ],
});

describe("mergeSboms", () => {
  const merged = mergeSboms([firmware, app], { root: { name: "Infusion pump", version: "4.2" } });
  const byName = (n: string) => merged.components.find((c) => c.name === n)!;

  it("SOUP-01 keeps the device → subsystem → component hierarchy", () => {
    expect(SbomSchema.parse(merged)).toBeTruthy();
    const root = merged.components[0]!;
    expect(root).toMatchObject({ name: "Infusion pump", type: "device", version: "4.2" });
    expect(merged.metadata.rootRef).toBe(root.ref);
    expect(byName("pump-firmware").parentRef).toBe(root.ref);
    expect(byName("clinician-app").parentRef).toBe(root.ref);
    expect(byName("zlib").parentRef).toBe("fw");
    expect(byName("freertos-tcp").parentRef).toBe("rtos");
    expect(byName("react").parentRef).toBe(byName("clinician-app").ref);
    expect(merged.metadata.timestamp).toBe("2026-02-01T00:00:00Z");
  });

  it("SOUP-01 de-duplicates by purl, unites hashes and records the conflict as a known unknown", () => {
    expect(merged.components.filter((c) => c.name === "zlib")).toHaveLength(1);
    expect(byName("zlib").hashes.map((h) => h.alg)).toEqual(["SHA-256", "SHA-1"]);
    expect(merged.knownUnknowns).toContainEqual(
      expect.objectContaining({ kind: "unknown", scope: "zlib", element: "hashes" }),
    );
  });

  it("SOUP-01 renames colliding refs and keeps the dependency graph", () => {
    const react = byName("react");
    expect(react.ref).toBe("s2:rtos");
    const deps = Object.fromEntries(merged.dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(deps.fw).toEqual(["zlib", "rtos"]);
    expect(deps.rtos).toEqual(["rtos-net"]);
    expect(deps[merged.metadata.rootRef!]).toEqual(["fw", byName("clinician-app").ref]);
  });

  it("SOUP-01 records known unknowns of the inputs and a missing dependency graph", () => {
    expect(merged.knownUnknowns).toContainEqual({ kind: "redacted", scope: "rtos", element: "supplier" });
    expect(merged.knownUnknowns).toContainEqual(
      expect.objectContaining({
        kind: "unknown",
        scope: byName("clinician-app").ref,
        element: "dependencies",
      }),
    );
  });

  it("rejects an empty input list or a nameless device", () => {
    expect(() => mergeSboms([], { root: { name: "x" } })).toThrow(/at least one SBOM/);
    try {
      mergeSboms([firmware], { root: { name: " " } });
    } catch (e) {
      expect(isQmsError(e, "VALIDATION")).toBe(true);
    }
  });
});

const arbSbom = fc
  .array(
    fc.record({
      name: fc.constantFrom("a", "b", "c", "d"),
      version: fc.constantFrom("1", "2"),
      purl: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .map(
    (cs): Sbom =>
      sbomOf({
        metadata: { name: "sub" },
        components: cs.map((c, i) => ({
          ref: `r${i}`,
          name: c.name,
          version: c.version,
          ...(c.purl ? { purl: `pkg:npm/${c.name}@${c.version}` } : {}),
        })),
        dependencies: cs.length > 1 ? [{ ref: "r0", dependsOn: ["r1"] }] : [],
      }),
  );

describe("merge properties (fast-check)", () => {
  it("SOUP-01 merge is idempotent: merging an SBOM twice equals merging it once", () => {
    fc.assert(
      fc.property(arbSbom, (s) => {
        const once = mergeSboms([s], { root: { name: "dev" } });
        const twice = mergeSboms([s, s], { root: { name: "dev" } });
        expect(twice.components).toEqual(once.components);
        expect(twice.dependencies).toEqual(once.dependencies);
      }),
    );
  });

  it("SOUP-01 every purl of the inputs appears exactly once; every parentRef resolves", () => {
    fc.assert(
      fc.property(fc.array(arbSbom, { minLength: 1, maxLength: 4 }), (inputs) => {
        const m = mergeSboms(inputs, { root: { name: "dev" } });
        const purls = m.components.map((c) => c.purl).filter(Boolean);
        expect(new Set(purls).size).toBe(purls.length);
        const inPurls = new Set(inputs.flatMap((s) => s.components.map((c) => c.purl)).filter(Boolean));
        expect(new Set(purls)).toEqual(inPurls);
        const refs = new Set(m.components.map((c) => c.ref));
        expect(refs.size).toBe(m.components.length);
        for (const c of m.components) if (c.parentRef !== undefined) expect(refs.has(c.parentRef)).toBe(true);
        for (const d of m.dependencies) for (const t of d.dependsOn) expect(refs.has(t)).toBe(true);
      }),
    );
  });
});

describe("merge: hostile input", () => {
  it("SOUP-01 __proto__ / constructor refs and purls, self-parents and dangling edges never throw", () => {
    const s = sbomOf({
      metadata: { rootRef: "__proto__" },
      components: [
        { ref: "__proto__", name: "constructor", purl: "pkg:npm/__proto__@1" },
        { ref: "constructor", name: "x", parentRef: "constructor" },
      ],
      dependencies: [{ ref: "__proto__", dependsOn: ["nowhere", "constructor", "__proto__"] }],
    });
    const m = mergeSboms([s, s], { root: { name: "constructor" } });
    expect(SbomSchema.parse(m).components.length).toBe(3);
    for (const c of m.components) expect(c.parentRef).not.toBe(c.ref);
    expect(m.knownUnknowns).toContainEqual(expect.objectContaining({ element: "dependencies" }));
    const refs = new Set(m.components.map((c) => c.ref));
    for (const d of m.dependencies) for (const t of d.dependsOn) expect(refs.has(t)).toBe(true);
  });
});
