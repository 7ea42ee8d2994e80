import {
  assessFdaPostmarket,
  createRiskMatrix,
  EXAMPLE_SECURITY_POLICY,
  explainCvss,
  getSsvcTable,
} from "@qmskit/risk";

const valueName = (table: ReturnType<typeof getSsvcTable>, point: string, key: string) =>
  table.inputs.find((p) => p.id === point)?.values.find((v) => v.key === key)?.name ?? key;
const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : "-");

/** The risk section of the README demo: CVSS with explain, the FDA postmarket assessment, an SSVC decision. */
export async function riskDemo(): Promise<void> {
  console.log("== @qmskit/risk ==\n");

  for (const vector of [
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P",
  ]) {
    console.log(
      explainCvss(vector)
        .lines.map((l) => `  ${l}`)
        .join("\n"),
    );
    console.log();
  }

  const matrix = createRiskMatrix(EXAMPLE_SECURITY_POLICY);
  const common = {
    awarenessDate: "2026-03-02",
    knownSeriousAdverseEvents: false,
    isaoParticipant: true,
    asOf: "2026-03-10",
  };
  for (const [label, exploitability, severity] of [
    ["infusion pump, remote code execution", "high", "critical"],
    ["log viewer, local information leak", "low", "minor"],
  ] as const) {
    const a = assessFdaPostmarket(matrix, { ...common, exploitability, severity });
    console.log(
      `  FDA postmarket: ${label}: ${a.status.toUpperCase()} (Part 806 report: ${a.part806Report})`,
    );
    for (const o of a.obligations) console.log(`    - ${o.id}: due ${day(o.dueDate)}, ${o.status}`);
  }
  console.log();

  const table = getSsvcTable("cisa_coordinator_2_0_3");
  const decision = table.evaluate({
    Exploitation: "active",
    Automatable: "yes",
    "Technical Impact": "total",
    "Mission and Well-Being Impact": "high",
  });
  console.log(
    `  SSVC (CISA coordinator 2.0.3): ${decision.inputs.map((i) => `${i.name}=${valueName(table, i.id, i.values[0]!)}`).join(", ")} → ${decision.outcome.name}`,
  );
  console.log();
}
