import fc from "fast-check";
import { PackageURL } from "packageurl-js";
import { describe, expect, it } from "vitest";
import {
  isValidPurl,
  licenseFromExpression,
  normaliseAlg,
  parseSpdxParty,
  splitToolName,
} from "../src/normalise-common.js";

describe("normalisation helpers", () => {
  it("SOUP-01: the purl fast path only accepts what packageurl-js accepts", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/u);
    fc.assert(
      fc.property(
        fc.constantFrom("npm", "pypi", "cargo", "gem", "nuget", "generic", "maven"),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[A-Za-z0-9._+-]{1,10}$/u),
        (type, segments, version) => {
          const purl = `pkg:${type}/${segments.join("/")}@${version}`;
          if (!isValidPurl(purl)) return;
          expect(() => PackageURL.fromString(purl)).not.toThrow();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("SOUP-01: invalid purls are reported, Go versions are not mistaken for invalid", () => {
    expect(isValidPurl("pkg:npm/lodash@4.17.21")).toBe(true);
    expect(isValidPurl("pkg:golang/github.com/gorilla/mux@v1.8.0")).toBe(true);
    expect(isValidPurl("NOASSERTION")).toBe(false);
    expect(isValidPurl("pkg:")).toBe(false);
  });

  it("licence expressions are parsed with spdx-expression-parse; others become names", () => {
    expect(licenseFromExpression("MIT OR Apache-2.0")).toMatchObject({
      kind: "expression",
      parsed: { conjunction: "or" },
    });
    expect(licenseFromExpression("NOASSERTION")).toEqual({ kind: "noassertion" });
    expect(licenseFromExpression("NONE")).toEqual({ kind: "none" });
    expect(licenseFromExpression("Some Licence 1.0")).toEqual({ kind: "name", name: "Some Licence 1.0" });
  });

  it("hash algorithms and SPDX parties are normalised", () => {
    expect(normaliseAlg("SHA256")).toBe("SHA-256");
    expect(normaliseAlg("sha256")).toBe("SHA-256");
    expect(normaliseAlg("SHA-256")).toBe("SHA-256");
    expect(normaliseAlg("BLAKE2b_256")).toBe("BLAKE2b-256");
    expect(normaliseAlg("toString")).toBe("toString");
    expect(parseSpdxParty("Organization: ACME (a@b.c)")).toEqual({
      kind: "Organization",
      party: { name: "ACME", email: "a@b.c" },
    });
    expect(parseSpdxParty("Person: N/A ()")).toEqual({ kind: "Person", party: { name: "N/A" } });
    expect(splitToolName("syft-0.60.0")).toEqual({ name: "syft", version: "0.60.0" });
    expect(splitToolName("Black Duck Binary Analysis - 20212228")).toEqual({
      name: "Black Duck Binary Analysis",
      version: "20212228",
    });
    expect(splitToolName("apko (devel)")).toEqual({ name: "apko (devel)" });
  });
});
