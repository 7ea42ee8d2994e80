import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  decide,
  decideCommand,
  defineWorkflow,
  extendWorkflow,
  parseWorkflowDefinition,
  safeParseWorkflowDefinition,
  WorkflowDefinitionSchema,
} from "../src/index.js";
import { author, mini, qa } from "./fixtures.js";

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (isQmsError(e, "VALIDATION")) return [e.message];
    throw e;
  }
  return [];
};

const ctx = { actor: author, now: new Date("2026-03-02T15:00:00Z"), recordId: "r1" };

describe("defineWorkflow", () => {
  it("P11-07: refuses definitions with unknown, unreachable or dead-end states", () => {
    const base = { id: "x", version: 1, states: ["a", "b"] as const };
    expect(
      problemsOf(() =>
        defineWorkflow({
          ...base,
          commands: { c: { creates: true, to: "a" }, go: { from: ["a"], to: "zzz" as "b" } },
        }),
      ),
    ).toEqual([expect.stringContaining('targets unknown state "zzz"')]);
    expect(
      problemsOf(() =>
        defineWorkflow({ ...base, terminal: ["b"], commands: { c: { creates: true, to: "a" } } }),
      ),
    ).toEqual([expect.stringMatching(/state "a" has no way out.*state "b" is unreachable/)]);
    expect(
      problemsOf(() => defineWorkflow({ ...base, commands: { go: { from: ["a"], to: "b" } } }))[0],
    ).toContain("no command creates a record");
    expect(problemsOf(() => defineWorkflow({ ...base, commands: { c: { to: "a" } } }))[0]).toContain(
      "needs source states",
    );
  });

  it("refuses undeclared roles and signature meanings, unknown SoD commands and deadlines without a calendar", () => {
    const msg = problemsOf(() =>
      defineWorkflow({
        id: "x",
        version: 1,
        states: ["a", "b"],
        terminal: ["b"],
        roles: ["qa"],
        signatureMeanings: ["approval"],
        commands: {
          c: { creates: true, to: "a" },
          go: {
            from: ["a"],
            to: "b",
            requires: [
              { kind: "role", anyOf: ["ceo"] },
              { kind: "signature", meaning: "blessing" },
              { kind: "separation", against: { command: "nope" } },
            ],
            deadlines: {
              start: [{ name: "d", policy: { id: "p", unit: "calendarDay", amount: 3 } }],
              stop: ["other"],
            },
          },
        },
      }),
    )[0]!;
    expect(msg).toContain('undeclared role "ceo"');
    expect(msg).toContain('undeclared signature meaning "blessing"');
    expect(msg).toContain('unknown command "nope"');
    expect(msg).toContain('deadline "d" without a calendar');
    expect(msg).toContain('stops deadline "other"');
  });

  it("refuses malformed shapes (names that could reach prototypes, non-zod payloads)", () => {
    expect(
      problemsOf(() =>
        defineWorkflow({
          id: "x",
          version: 1,
          states: ["a"],
          terminal: ["a"],
          commands: { __proto__: { creates: true, to: "a" } } as never,
        }),
      ),
    ).toHaveLength(1);
    expect(
      problemsOf(() =>
        defineWorkflow({
          id: "x",
          version: 1,
          states: ["a"],
          terminal: ["a"],
          commands: { c: { creates: true, to: "a", payload: { parse: 1 } as never } },
        }),
      )[0],
    ).toContain("zod schema");
    expect(problemsOf(() => defineWorkflow({ id: "bad id", version: 0 } as never))).toHaveLength(1);
  });

  it("freezes the definition", () => {
    expect(Object.isFrozen(mini)).toBe(true);
    expect(Object.isFrozen(mini.commands.approvePlan.requires)).toBe(true);
  });
});

describe("JSON definitions", () => {
  const json = {
    id: "fsn",
    version: 1,
    states: ["draft", "issued"],
    terminal: ["issued"],
    roles: ["qa"],
    commands: {
      draft: {
        creates: true,
        to: "draft",
        payload: {
          type: "object",
          properties: { title: { type: "string", minLength: 1 }, devices: { type: "integer", minimum: 1 } },
          required: ["title", "devices"],
        },
        assign: "payload",
      },
      issue: {
        from: ["draft"],
        to: "issued",
        requires: [
          { kind: "role", anyOf: ["qa"] },
          { kind: "predicate", name: "regulatorInformed" },
          { kind: "fields", schema: { type: "object", required: ["title"] }, requirement: "FSN-1" },
        ],
      },
    },
  };

  it("parses a host file with JSON Schema payloads, and the payload is validated at decide time", () => {
    const def = parseWorkflowDefinition(json, { predicates: { regulatorInformed: () => true } });
    expect(decideCommand(def, undefined, "draft", { title: "FSN-2026-01", devices: 3 }, ctx).ok).toBe(true);
    expect(decideCommand(def, undefined, "draft", { title: "", devices: 0 }, ctx)).toMatchObject({
      ok: false,
      rejection: { code: "INVALID_PAYLOAD" },
    });
  });

  it("refuses predicates the host does not supply, and bad shapes, as values with safeParse", () => {
    const r = safeParseWorkflowDefinition(json, { predicates: [] });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.message).toContain('predicate "regulatorInformed"');
    expect(() => parseWorkflowDefinition({ ...json, states: "x" })).toThrow(/Invalid workflow definition/);
    expect(safeParseWorkflowDefinition(null).success).toBe(false);
    expect(
      safeParseWorkflowDefinition({
        ...json,
        commands: { draft: { ...json.commands.draft, payload: { $ref: "http://evil/x" } } },
      }).success,
    ).toBe(false);
    expect(WorkflowDefinitionSchema.safeParse({ ...json, extra: 1 }).success).toBe(false);
  });

  it("never pollutes prototypes from a hostile file", () => {
    const hostile = JSON.parse(
      '{"id":"h","version":1,"states":["a"],"terminal":["a"],"commands":{"c":{"creates":true,"to":"a","set":{"__proto__":{"x":1}}}},"__proto__":{"polluted":true}}',
    );
    expect(safeParseWorkflowDefinition(hostile).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("extendWorkflow", () => {
  const extended = extendWorkflow(mini, {
    id: "acme-capa",
    version: 1,
    states: ["supplierReview"],
    roles: ["supplierQuality"],
    fields: z.object({ supplier: z.string().optional() }),
    commands: {
      requestSupplierReview: {
        from: ["investigation"],
        to: "supplierReview",
        payload: z.object({ supplier: z.string() }),
        assign: ["supplier"],
      },
      completeSupplierReview: { from: ["supplierReview"], to: "investigation" },
    },
    requires: { startInvestigation: [{ kind: "role", anyOf: ["supplierQuality"], requirement: "ACME-7" }] },
  });

  it("adds states, roles, fields, commands and requirements without changing the base", () => {
    expect(extended.extends).toEqual({ id: "mini-capa", version: 1 });
    expect(extended.states).toContain("supplierReview");
    expect(extended.roles).toEqual(["engineer", "qa", "supplierQuality"]);
    expect(mini.states).not.toContain("supplierReview");
    expect(mini.commands.startInvestigation.requires).toHaveLength(1);
    expect(extended.commands.startInvestigation.requires).toHaveLength(2);
    // typed: the new command's payload is checked
    const opened = decide(extended, undefined, "open", { title: "t", owner: "o" }, ctx);
    expect(opened.ok).toBe(true);
  });

  it("the extension's extra requirement is enforced with its own requirement ID", () => {
    const d = decideCommand(extended, undefined, "open", { title: "t", owner: "o" }, ctx);
    if (!d.ok) throw new Error("open refused");
    const state = {
      recordId: "r1",
      workflow: { id: "acme-capa", version: 1 },
      status: "draft",
      fields: { title: "t", owner: "o" },
      version: 1,
      createdAt: "",
      createdBy: author.id,
      updatedAt: "",
      performedBy: {},
      deadlines: {},
      rejections: 0,
    };
    expect(decide(extended, state, "startInvestigation", undefined, { ...ctx, actor: qa })).toMatchObject({
      ok: false,
      rejection: { code: "ROLE", requirement: "ACME-7" },
    });
    expect(
      decide(extended, state, "startInvestigation", undefined, {
        ...ctx,
        actor: { ...qa, roles: ["qa", "supplierQuality"] },
      }).ok,
    ).toBe(true);
  });

  it("refuses requirements for unknown commands and invalid results", () => {
    expect(() => extendWorkflow(mini, { id: "e", version: 1, requires: { nope: [] } })).toThrow(
      /unknown command "nope"/,
    );
    expect(() => extendWorkflow(mini, { id: "e", version: 1, states: ["orphan"] })).toThrow(
      /state "orphan" is unreachable/,
    );
  });
});
