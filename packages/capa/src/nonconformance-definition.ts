import { defineWorkflow, type Requirement } from "@qmskit/workflow";
import { z } from "zod";
import {
  NcDispositionSchema,
  NcEvaluationSchema,
  NcIdentificationSchema,
  SegregationSchema,
} from "./nonconformance-records.js";

const text = z.string().trim().min(1);
type Fields = Record<string, unknown>;

/** States of the nonconformance definition. */
export const NONCONFORMANCE_STATES = [
  "identified",
  "evaluation",
  "disposition",
  "closed",
  "cancelled",
] as const;

/** Options of {@link createNonconformanceDefinition}. */
export interface NonconformanceDefinitionOptions {
  readonly id?: string;
  readonly version?: number;
}

/**
 * Closing needs every external party named in the evaluation to be notified, and an investigation reference
 * (CAPA or investigation record) when the evaluation said one is needed.
 *
 * @requirement CAPA-17
 */
const evaluationFollowedUp: Requirement = {
  kind: "fields",
  requirement: "CAPA-17",
  message:
    "Before closing, notify every external party the evaluation named and link the investigation it asked for",
  schema: z.custom<Fields>((f) => {
    const fields = f as Fields;
    const e = fields.evaluation as
      | { investigationNeeded: boolean; externalNotificationNeeded: boolean; externalParties: string[] }
      | undefined;
    if (!e) return false;
    const notified = new Set(
      (Array.isArray(fields.notifications) ? fields.notifications : []).map(
        (n) => (n as { party: string }).party,
      ),
    );
    const partiesOk = !e.externalNotificationNeeded || e.externalParties.every((p) => notified.has(p));
    const investigationOk = !e.investigationNeeded || typeof fields.investigationRef === "string";
    return partiesOk && investigationOk;
  }),
};

/**
 * Build the nonconformance definition: identified (identification, documentation, segregation) → evaluation
 * (need for investigation, external notification) → disposition (with rationale) → closed.
 *
 * @requirement CAPA-17
 */
export function createNonconformanceDefinition(options: NonconformanceDefinitionOptions = {}) {
  return defineWorkflow({
    id: options.id ?? "nonconformance",
    version: options.version ?? 1,
    title: "Nonconforming product",
    description:
      "Control of nonconforming product per ISO 13485 8.3: identification, documentation, segregation, evaluation including the need for investigation and notification of external parties, disposition and the rationale for decisions.",
    states: NONCONFORMANCE_STATES,
    terminal: ["closed", "cancelled"],
    roles: ["operator", "qa", "qaApprover"],
    signatureMeanings: ["approval"],
    fields: z.looseObject({ identification: NcIdentificationSchema }),
    commands: {
      report: {
        title: "Report a nonconformance",
        creates: true,
        to: "identified",
        payload: z.object({
          identification: NcIdentificationSchema,
          segregation: SegregationSchema.optional(),
        }),
        requires: [{ kind: "role", anyOf: ["operator", "qa"] }],
        assign: "payload",
      },
      recordSegregation: {
        title: "Record segregation",
        from: ["identified", "evaluation"],
        payload: z.object({ segregation: SegregationSchema }),
        requires: [{ kind: "role", anyOf: ["operator", "qa"] }],
        assign: ["segregation"],
      },
      evaluate: {
        title: "Evaluate",
        from: ["identified"],
        to: "evaluation",
        payload: z.object({ evaluation: NcEvaluationSchema }),
        requires: [
          { kind: "role", anyOf: ["qa"] },
          {
            kind: "fields",
            requirement: "CAPA-17",
            message: "Record the segregation status before the evaluation",
            schema: z.looseObject({ segregation: SegregationSchema }),
          },
        ],
        assign: ["evaluation"],
      },
      linkInvestigation: {
        title: "Link the investigation or CAPA",
        from: ["evaluation", "disposition"],
        payload: z.object({ investigationRef: text }),
        requires: [{ kind: "role", anyOf: ["qa"] }],
        assign: ["investigationRef"],
      },
      recordNotification: {
        title: "Record notification of an external party",
        from: ["evaluation", "disposition"],
        payload: z.object({
          notification: z.object({ party: text, date: z.iso.date(), reference: text }),
        }),
        requires: [{ kind: "role", anyOf: ["qa"] }],
        append: { notifications: "notification" },
      },
      decideDisposition: {
        title: "Decide the disposition",
        from: ["evaluation"],
        to: "disposition",
        payload: z.object({ disposition: NcDispositionSchema }),
        requires: [
          { kind: "role", anyOf: ["qaApprover"] },
          { kind: "signature", meaning: "approval", requirement: "CAPA-17" },
        ],
        assign: ["disposition"],
      },
      close: {
        title: "Close",
        from: ["disposition"],
        to: "closed",
        payload: z.object({ dispositionCompleted: z.object({ date: z.iso.date(), evidence: text }) }),
        requires: [{ kind: "role", anyOf: ["qa", "qaApprover"] }, evaluationFollowedUp],
        assign: ["dispositionCompleted"],
      },
      cancel: {
        title: "Cancel (entered in error)",
        from: ["identified", "evaluation"],
        to: "cancelled",
        requires: [
          { kind: "role", anyOf: ["qaApprover"] },
          { kind: "signature", meaning: "approval" },
        ],
        reasonRequired: true,
      },
    },
  });
}

/** The shipped nonconformance definition (id `nonconformance`, version 1). */
export const nonconformanceDefinition = createNonconformanceDefinition();
