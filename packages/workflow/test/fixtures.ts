import type { Actor } from "@qmskit/core";
import { z } from "zod";
import { defineWorkflow } from "../src/index.js";

export const author: Actor = { id: "u-author", name: "Ada Author", roles: ["engineer"] };
export const qa: Actor = { id: "u-qa", name: "Quinn QA", roles: ["qa"] };
export const qa2: Actor = { id: "u-qa2", name: "Quentin QA", roles: ["qa"] };
export const outsider: Actor = { id: "u-out", name: "Olly Outsider", roles: [] };

/** A small CAPA-like workflow exercising every requirement kind. */
export const mini = defineWorkflow({
  id: "mini-capa",
  version: 1,
  title: "Mini CAPA",
  states: ["draft", "investigation", "planning", "implementation", "effectiveness", "closed", "cancelled"],
  terminal: ["closed", "cancelled"],
  roles: ["engineer", "qa"],
  signatureMeanings: ["approval", "authorship"],
  calendar: "us",
  commands: {
    open: {
      creates: true,
      to: "draft",
      payload: z.object({ title: z.string().min(1).max(200), owner: z.string().min(1) }),
      assign: "payload",
    },
    startInvestigation: {
      from: ["draft"],
      to: "investigation",
      requires: [{ kind: "role", anyOf: ["engineer", "qa"] }],
    },
    recordRootCause: {
      from: ["investigation"],
      payload: z.object({ rootCause: z.string().min(1) }),
      append: { rootCauses: "rootCause" },
    },
    completeInvestigation: {
      from: ["investigation"],
      to: "planning",
      requires: [
        {
          kind: "fields",
          schema: z.object({ rootCauses: z.array(z.string()).min(1) }),
          requirement: "CAPA-03",
          message: "Record at least one root cause first",
        },
      ],
    },
    addAction: {
      from: ["planning"],
      payload: z.object({ action: z.object({ id: z.string(), owner: z.string(), text: z.string() }) }),
      append: { actions: "action" },
    },
    approvePlan: {
      from: ["planning"],
      to: "implementation",
      payload: z.object({
        comment: z.string().max(500).optional(),
        changeOrders: z.array(z.string()).default([]),
      }),
      assign: ["changeOrders"],
      requires: [
        { kind: "role", anyOf: ["qa"] },
        { kind: "signature", meaning: "approval" },
        { kind: "separation", against: { field: "owner" } },
        { kind: "separation", against: { field: "actions.owner" } },
        { kind: "separation", against: { command: "open" } },
      ],
      deadlines: {
        start: [
          {
            name: "implementation",
            policy: { id: "impl-30", unit: "calendarDay", amount: 30 },
            escalate: { after: { id: "esc-5", unit: "businessDay", amount: 5 }, roles: ["qa"] },
          },
        ],
      },
    },
    completeImplementation: {
      from: ["implementation"],
      to: "effectiveness",
      requires: [
        { kind: "linked", field: "changeOrders", inStates: ["effective"], recordType: "change-order" },
      ],
      deadlines: { stop: ["implementation"] },
    },
    recordEffectiveness: {
      from: ["effectiveness"],
      payload: z.object({
        result: z.enum(["Effective", "Ineffective", "Inconclusive"]),
        summary: z.string(),
      }),
      assign: "payload",
      to: {
        by: "result",
        cases: { Effective: "closed", Ineffective: "investigation", Inconclusive: "planning" },
      },
      requires: [{ kind: "predicate", name: "criteriaSetInAdvance", requirement: "CAPA-05" }],
    },
    cancel: {
      from: ["draft", "investigation", "planning"],
      to: "cancelled",
      reasonRequired: true,
      requires: [{ kind: "role", anyOf: ["qa"] }],
    },
  },
});
