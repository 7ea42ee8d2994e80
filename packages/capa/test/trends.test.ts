import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import {
  CapaSourceSchema,
  projectTrendItems,
  type TrendItem,
  trendCounts,
  trendSignalSource,
  trendSignals,
} from "../src/index.js";
import { harness, initiator, ok, openPayload } from "./support.js";

const item = (
  id: string,
  at: string,
  product?: string,
  category?: string,
  kind: TrendItem["kind"] = "complaint",
): TrendItem => ({
  id,
  kind,
  at,
  product,
  category,
});

describe("trends", () => {
  it("CAPA-02: counts per month and product over [from, to) in the site zone, with empty cells as zero", () => {
    const items = [
      item("a", "2026-01-10T12:00:00Z", "IS-200"),
      item("b", "2026-01-20T12:00:00Z", "IS-200"),
      item("c", "2026-02-01T04:30:00Z", "IS-300"), // 31 Jan 23:30 in New York
      item("d", "2026-03-05T12:00:00Z", "IS-200"),
      item("e", "2026-04-01T12:00:00Z", "IS-200"), // outside
      item("f", "2026-03-06T12:00:00Z", "IS-200", undefined, "nonconformance"), // other kind
    ];
    const rows = trendCounts(items, { from: "2026-01-01", to: "2026-04-01", zone: "America/New_York" });
    expect(rows.map((r) => [r.period, r.group, r.count])).toEqual([
      ["2026-01", "IS-200", 2],
      ["2026-01", "IS-300", 1],
      ["2026-02", "IS-200", 0],
      ["2026-02", "IS-300", 0],
      ["2026-03", "IS-200", 1],
      ["2026-03", "IS-300", 0],
    ]);
  });

  it("CAPA-02: rates per unit of exposure, by quarter and by category", () => {
    const items = [
      item("a", "2026-01-10T12:00:00Z", "IS-200", "leak"),
      item("b", "2026-02-10T12:00:00Z", "IS-200", "leak"),
      item("c", "2026-05-10T12:00:00Z", "IS-200", "label"),
      item("d", "2026-05-11T12:00:00Z", "IS-200"),
    ];
    const shipped: Record<string, number> = { "2026-Q1": 1000, "2026-Q2": 4000 };
    const rows = trendCounts(
      items,
      { from: "2026-01-01", to: "2026-07-01", zone: "UTC", interval: "quarter", groupBy: "category" },
      (period) => shipped[period],
    );
    expect(rows).toContainEqual({ period: "2026-Q1", group: "leak", count: 2, exposure: 1000, rate: 0.002 });
    expect(rows).toContainEqual({
      period: "2026-Q2",
      group: "label",
      count: 1,
      exposure: 4000,
      rate: 0.00025,
    });
    expect(rows).toContainEqual({
      period: "2026-Q2",
      group: "(unspecified)",
      count: 1,
      exposure: 4000,
      rate: 0.00025,
    });
  });

  it("CAPA-02: thresholds raise trend signals that open a CAPA as a typed trend-signal source", async () => {
    const items = [
      item("a", "2026-02-02T12:00:00Z", "IS-200"),
      item("b", "2026-02-03T12:00:00Z", "IS-200"),
      item("c", "2026-02-04T12:00:00Z", "IS-200"),
      item("d", "2026-02-05T12:00:00Z", "IS-300"),
    ];
    const rows = trendCounts(items, { from: "2026-01-01", to: "2026-03-01", zone: "UTC" }, (_p, g) =>
      g === "IS-300" ? 10 : undefined,
    );
    const signals = trendSignals(rows, [
      { id: "complaints-3", minCount: 3 },
      { id: "rate-5pct", group: "IS-300", minRate: 0.05 },
    ]);
    expect(signals.map((s) => s.id)).toEqual([
      "TREND-complaints-3-2026-02-IS-200",
      "TREND-rate-5pct-2026-02-IS-300",
    ]);
    const source = trendSignalSource(signals[0]!);
    expect(CapaSourceSchema.parse(source)).toEqual(source);
    const h = harness();
    const s = ok(
      await h.run("CAPA-T", "open", { ...openPayload, sources: [source] }, initiator, { workflow: "capa" }),
    );
    expect((s.fields.sources as { kind: string }[])[0]?.kind).toBe("trendSignal");
  });

  it("CAPA-02: projects complaints, NCs and CAPAs from the log", async () => {
    const h = harness();
    const handler = { id: "u-h", name: "H", roles: ["complaintHandler"] };
    ok(
      await h.run(
        "CMP-1",
        "receive",
        {
          deviceName: "IS-200 set",
          productFamily: "IS-200",
          category: "leak",
          dateReceived: "2026-03-01",
          nature: "n",
          details: "d",
        },
        handler,
        { workflow: "complaint" },
      ),
    );
    ok(
      await h.run("CAPA-1", "open", { ...openPayload, products: ["IS-200"] }, initiator, {
        workflow: "capa",
      }),
    );
    const items = projectTrendItems(await h.log.readAll());
    expect(items).toEqual([
      { id: "CMP-1", kind: "complaint", at: "2026-03-02T14:00:00.000Z", product: "IS-200", category: "leak" },
      {
        id: "CAPA-1",
        kind: "capa",
        at: "2026-03-02T14:00:00.000Z",
        product: "IS-200",
        category: "complaint",
      },
    ]);
    const byKind = trendCounts(items, {
      from: "2026-03-01",
      to: "2026-04-01",
      zone: "UTC",
      groupBy: "kind",
      kinds: ["complaint", "capa"],
    });
    expect(byKind.map((r) => [r.group, r.count])).toEqual([
      ["capa", 1],
      ["complaint", 1],
    ]);
  });

  it("CAPA-02: rejects a malformed query or threshold", () => {
    const bad = [
      () => trendCounts([], { from: "2026-02-01", to: "2026-01-01", zone: "UTC" }),
      () => trendCounts([], { from: "2026-01-01", to: "2026-02-01", zone: "Nowhere/City" }),
      () => trendSignals([], [{ id: "x" }]),
    ];
    for (const f of bad) {
      let e: unknown;
      try {
        f();
      } catch (err) {
        e = err;
      }
      expect(isQmsError(e, "VALIDATION")).toBe(true);
    }
  });
});
