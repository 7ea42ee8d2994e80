import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V31TE = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:L";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U";

describe("qmskit risk cvss", () => {
  it("prints a JSON array of { vector, version, score, severity } with 3.1 temporal/environmental scores", async () => {
    const r = await runCli(["--format", "json", "risk", "cvss", V31, V31TE, V40]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { vector: V31, version: "3.1", score: 9.8, severity: "Critical" },
      {
        vector: V31TE,
        version: "3.1",
        score: 9.8,
        severity: "Critical",
        temporalScore: 8.8,
        environmentalScore: 8.5,
      },
      { vector: V40, version: "4.0", score: 8.1, severity: "High" },
    ]);
  });

  it("reads one vector per line from stdin and prints a table", async () => {
    const r = await runCli(["risk", "cvss"], `${V31}\r\n\n# comment\n${V40}\n`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/vector\s+version\s+score\s+severity/);
    expect(r.out).toContain("9.8");
    expect(r.out).toContain("8.1");
  });

  it("reports each invalid line clearly and exits 2 while still printing the valid ones", async () => {
    const r = await runCli(
      ["risk", "cvss", "--format", "json"],
      `${V31}\nCVSS:3.1/AV:N/AC:L\nnot a vector\n`,
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toHaveLength(1);
    expect(r.err).toMatch(/line 2: invalid CVSS vector .*Mandatory base metric PR is missing/);
    expect(r.err).toMatch(/line 3: invalid CVSS vector/);
    expect(r.err).toMatch(/2 of 3 vectors were invalid/);
  });

  it("accepts scanner orderings with --lenient and explains with --explain", async () => {
    const shuffled = "CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H";
    expect((await runCli(["risk", "cvss", shuffled])).code).toBe(2);
    const r = await runCli(["risk", "cvss", "--lenient", "--explain", shuffled]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("ISS =");
  });

  it("exits 2 with no vectors at all", async () => {
    expect((await runCli(["risk", "cvss"], "\n")).code).toBe(2);
  });
});
