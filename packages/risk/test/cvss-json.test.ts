import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { toCvssJson } from "../src/index.js";

const dir = fileURLToPath(new URL("../../../../shared/conformance/cvss/", import.meta.url));
const vectors = (file: string) =>
  readFileSync(dir + file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.slice(0, l.indexOf(" - ")));
// The FIRST schemas carry a draft-04 style "id"; ajv wants "$id".
const schema = (file: string) => {
  const { id, ...rest } = JSON.parse(readFileSync(`${dir}schemas/${file}`, "utf8"));
  return { ...rest, $id: id };
};

describe("CVSS JSON data representation", () => {
  it("SEC-07: every v3.1 and random v4.0 reference vector gives JSON valid against FIRST's schema", () => {
    // multipleOf 0.1 needs a tolerance with binary floats (5.8 / 0.1 = 57.99…).
    const ajv = new Ajv({ strict: false, multipleOfPrecision: 6 });
    const v31 = ajv.compile(schema("cvss-v3.1.json"));
    const v40 = ajv.compile(schema("cvss-v4.0.json"));
    const bad: string[] = [];
    for (const v of [
      ...vectors("upstream-redhat-cvss/vectors_simple31"),
      ...vectors("generated/ref_random31_10k.txt"),
    ])
      if (!v31(toCvssJson(v))) bad.push(`${v}: ${ajv.errorsText(v31.errors)}`);
    for (const v of vectors("generated/ref_random40_10k.txt"))
      if (!v40(toCvssJson(v))) bad.push(`${v}: ${ajv.errorsText(v40.errors)}`);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("SEC-07: names metrics and scores as FIRST does", () => {
    expect(toCvssJson("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P")).toEqual({
      version: "3.1",
      vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P",
      attackVector: "NETWORK",
      attackComplexity: "LOW",
      privilegesRequired: "NONE",
      userInteraction: "NONE",
      scope: "UNCHANGED",
      confidentialityImpact: "HIGH",
      integrityImpact: "HIGH",
      availabilityImpact: "HIGH",
      exploitCodeMaturity: "PROOF_OF_CONCEPT",
      baseScore: 9.8,
      baseSeverity: "CRITICAL",
      temporalScore: 9.3,
      temporalSeverity: "CRITICAL",
    });
    const v4 = toCvssJson("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/MSI:S/U:Red");
    expect(v4).toMatchObject({
      exploitMaturity: "PROOF_OF_CONCEPT",
      modifiedSubIntegrityImpact: "SAFETY",
      providerUrgency: "RED",
    });
    expect(v4.baseSeverity).toBe(v4.baseScore >= 9 ? "CRITICAL" : "HIGH");
  });
});
