import { describe, expect, it } from "vitest";
import { SbomSchema, sbomComponent, sbomOf } from "../src/index.js";

describe("model", () => {
  it("SOUP-01: sbomOf builds a schema-valid model with defaults", () => {
    const sbom = sbomOf({ components: [{ name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" }] });
    expect(sbom.format).toBe("cyclonedx");
    expect(sbom.components[0]?.ref).toBe("pkg:generic/zlib@1.3.1");
    expect(sbom.components[0]?.hashes).toEqual([]);
    expect(SbomSchema.safeParse(sbom).success).toBe(true);
  });

  it("sbomComponent derives ref from name@version without purl", () => {
    expect(sbomComponent({ name: "a", version: "1" }).ref).toBe("a@1");
    expect(sbomComponent({ name: "a" }).ref).toBe("a");
  });

  it("rejects a licence with an unknown kind", () => {
    const bad = { ...sbomOf(), components: [{ ...sbomComponent({ name: "a" }), licenses: [{ kind: "x" }] }] };
    expect(SbomSchema.safeParse(bad).success).toBe(false);
  });
});
