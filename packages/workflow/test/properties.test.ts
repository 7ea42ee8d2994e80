import {
  type Actor,
  createSignature,
  deepFreeze,
  InMemoryEventLog,
  sequentialIds,
  TestClock,
} from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CommandSpec,
  createBusinessCalendar,
  type DecideContext,
  decideCommand,
  evolve,
  replay,
  signedRecordOf,
  WorkflowRegistry,
  WorkflowService,
  type WorkflowState,
} from "../src/index.js";
import { author, mini, outsider, qa, qa2 } from "./fixtures.js";

const us = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});
const actors: Actor[] = [
  author,
  qa,
  qa2,
  outsider,
  { id: "u-eng2", name: "Eve Engineer", roles: ["engineer", "qa"] },
];
const commandNames = Object.keys(mini.commands);

/** Payloads: well-formed ones for each command, and hostile junk. */
const payloadArb = fc.oneof(
  fc.constant(undefined),
  fc.record({ title: fc.string({ maxLength: 5 }), owner: fc.constantFrom("u-author", "u-qa", "u-x") }),
  fc.record({ rootCause: fc.string({ maxLength: 5 }) }),
  fc.record({
    action: fc.record({
      id: fc.string({ maxLength: 3 }),
      owner: fc.constantFrom("u-eng2", "u-qa"),
      text: fc.string({ maxLength: 3 }),
    }),
  }),
  fc.record({ changeOrders: fc.array(fc.constantFrom("co-1", "co-2"), { maxLength: 2 }) }),
  fc.record({
    result: fc.constantFrom("Effective", "Ineffective", "Inconclusive", "Nope"),
    summary: fc.string({ maxLength: 3 }),
  }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"title":"x","owner":"y"}')),
);

const stepArb = fc.record({
  command: fc.oneof(
    fc.constantFrom(...commandNames),
    fc.constantFrom("__proto__", "toString", "", "closeNow"),
  ),
  payload: payloadArb,
  actor: fc.constantFrom(...actors),
  sign: fc.constantFrom("none", "approval", "authorship", "stale"),
  linkedState: fc.constantFrom("effective", "draft"),
  criteria: fc.boolean(),
  reason: fc.option(fc.constantFrom("because", " "), { nil: undefined }),
  tick: fc.boolean(),
});

function allowedEdge(command: string, from: string | null, to: string): boolean {
  if (!Object.hasOwn(mini.commands, command)) return false;
  const spec = mini.commands[command as keyof typeof mini.commands] as CommandSpec;
  const fromOk = spec.creates ? from === null : from !== null && (spec.from ?? []).includes(from);
  const targets =
    spec.to === undefined
      ? [from]
      : typeof spec.to === "string"
        ? [spec.to]
        : [...Object.values(spec.to.cases), spec.to.otherwise];
  return fromOk && targets.includes(to);
}

describe("state-machine properties", () => {
  it("P11-07: random command sequences only take edges of the definition; refusals leave the record unchanged", () => {
    const clock = new TestClock("2026-03-02T15:00:00Z", { stepMs: 60_000 });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let state: WorkflowState | undefined;
        let version = 0;
        const log: Array<{ type: string; data: unknown; actor: Actor; version: number }> = [];
        for (const step of steps) {
          const now = clock.now();
          const sigs =
            state && step.sign !== "none"
              ? [
                  createSignature(
                    step.actor,
                    step.sign === "stale" ? "approval" : step.sign,
                    step.sign === "stale"
                      ? { ...signedRecordOf(state), recordVersion: state.version - 1 }
                      : signedRecordOf(state),
                    { clock },
                  ),
                ]
              : [];
          const ctx: DecideContext = {
            actor: step.actor,
            now,
            recordId: "capa-p",
            calendars: { us },
            signatures: sigs,
            linked: {
              "co-1": { id: "co-1", state: step.linkedState },
              "co-2": { id: "co-2", state: "effective" },
            },
            predicates: { criteriaSetInAdvance: () => step.criteria },
            ...(step.reason !== undefined ? { reason: step.reason } : {}),
          };
          const before = state;
          const d = decideCommand(mini, state, step.command, step.payload, ctx);
          if (!d.ok) {
            expect(typeof d.rejection.requirement).toBe("string");
            expect(d.rejection.message.length).toBeGreaterThan(0);
            continue;
          }
          for (const e of d.events) {
            const data = e.data as {
              command: string;
              from: string | null;
              to: string;
              payload: { result?: string } | null;
            };
            expect(allowedEdge(data.command, data.from, data.to)).toBe(true);
            if (data.to === "closed") {
              // CAPA-05 shape: closing only through an Effective effectiveness result
              expect(data.command).toBe("recordEffectiveness");
              expect(data.payload?.result).toBe("Effective");
            }
            version += 1;
            // evolve is pure: a deep-frozen input state must not be touched
            if (state) deepFreeze(state);
            state = evolve(mini, state, { ...e, version });
            log.push({ ...e, version });
          }
          expect(mini.states).toContain(state!.status);
          expect(state!.version).toBe((before?.version ?? 0) + d.events.length);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // CAPA-09: the one-pass replay equals the event-by-event fold
        expect(replay(log, mini)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("CAPA-09: replaying the stored events always rebuilds the same state (service over the event log)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const clock = new TestClock("2026-03-02T15:00:00Z", { stepMs: 3_600_000 });
        const log = new InMemoryEventLog({ clock });
        const service = new WorkflowService({
          log,
          clock,
          registry: new WorkflowRegistry([mini]),
          ids: sequentialIds("r"),
          calendars: [us],
          predicates: { criteriaSetInAdvance: ({ facts }) => facts.criteria === true },
          lookup: async (refs) =>
            Object.fromEntries(refs.map((r) => [r.id, { id: r.id, state: "effective" }])),
        });
        const opened = await service.execute(
          "capa-s",
          "open",
          { title: "t", owner: "u-x" },
          { actor: author, workflow: "mini-capa" },
        );
        let last = opened.ok ? opened.state : undefined;
        for (const step of steps) {
          const current = await service.get("capa-s");
          const sigs =
            current && step.sign !== "none"
              ? [
                  createSignature(
                    step.actor,
                    step.sign === "stale" ? "approval" : step.sign,
                    signedRecordOf(current),
                    { clock },
                  ),
                ]
              : [];
          const r = await service.execute("capa-s", step.command, step.payload, {
            actor: step.actor,
            signatures: sigs,
            facts: { criteria: step.criteria },
            ...(step.reason !== undefined ? { reason: step.reason } : {}),
          });
          last = r.state;
          if (step.tick) await service.tick(clock.now());
        }
        const events = await log.read("capa-s");
        expect(replay(events)).toEqual(await service.get("capa-s"));
        // Incremental state returned by the service equals a full replay (unless tick appended after it).
        const replayed = replay(events)!;
        expect(replayed.version).toBe(events.at(-1)!.version);
        expect(last && last.version <= replayed.version).toBe(true);
        expect(JSON.stringify(replay(JSON.parse(JSON.stringify(events))))).toBe(JSON.stringify(replayed));
      }),
      { numRuns: 60 },
    );
  });
});
