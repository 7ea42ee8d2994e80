import { capaDefinition } from "@qmskit/capa";
import { extendWorkflow } from "@qmskit/workflow";
import { z } from "zod";

const text = z.string().trim().min(1);

/** What the host adds to every CAPA record of this workflow: the supplier and the SCAR's own data. */
const scarFields = z.object({
  supplier: z.object({ id: text, name: text, contact: text.email() }).optional(),
  supplierResponse: z
    .object({ containment: text, rootCause: text, correctiveAction: text, documentRef: text })
    .optional(),
  supplierResponseAccepted: z.boolean().optional(),
});

/**
 * ACME's supplier corrective action request (SCAR): the shipped CAPA, plus a detour through the supplier
 * during the investigation. Nothing of the CAPA is copied: its states, commands and rules (CAPA-01..13) all
 * still apply, and the host adds
 *
 * - two states, `supplierResponse` and `supplierVerification`,
 * - a `supplierQuality` role, a `supplier` field and the supplier's 8D response,
 * - four commands, with a 30-day deadline for the supplier's answer,
 * - an extra requirement on the shipped `close` command: the supplier's response must have been accepted.
 */
export const scarDefinition = extendWorkflow(capaDefinition, {
  id: "acme-scar",
  version: 1,
  title: "ACME supplier corrective action request",
  states: ["supplierResponse", "supplierVerification"],
  roles: ["supplierQuality"],
  fields: scarFields,
  commands: {
    issueScar: {
      title: "Issue the SCAR to the supplier",
      from: ["investigation"],
      to: "supplierResponse",
      payload: z.object({ supplier: z.object({ id: text, name: text, contact: text.email() }) }),
      requires: [{ kind: "role", anyOf: ["supplierQuality"] }],
      assign: ["supplier"],
      deadlines: {
        start: [
          {
            name: "supplierAnswer",
            policy: { id: "acme-scar-answer", unit: "calendarDay", amount: 30 },
            escalate: {
              after: { id: "acme-scar-chase", unit: "businessDay", amount: 3 },
              roles: ["supplierQuality"],
            },
          },
        ],
      },
    },
    receiveSupplierResponse: {
      title: "Receive the supplier's 8D response",
      from: ["supplierResponse"],
      to: "supplierVerification",
      payload: z.object({
        supplierResponse: z.object({
          containment: text,
          rootCause: text,
          correctiveAction: text,
          documentRef: text,
        }),
      }),
      requires: [{ kind: "role", anyOf: ["supplierQuality"] }],
      assign: ["supplierResponse"],
      deadlines: { stop: ["supplierAnswer"] },
    },
    acceptSupplierResponse: {
      title: "Accept the supplier's response",
      from: ["supplierVerification"],
      to: "investigation",
      requires: [
        { kind: "role", anyOf: ["supplierQuality"] },
        { kind: "signature", meaning: "approval", requirement: "ACME-SCAR-02" },
      ],
      set: { supplierResponseAccepted: true },
    },
    rejectSupplierResponse: {
      title: "Send the response back to the supplier",
      from: ["supplierVerification"],
      to: "supplierResponse",
      requires: [{ kind: "role", anyOf: ["supplierQuality"] }],
      reasonRequired: true,
    },
  },
  requires: {
    close: [
      {
        kind: "fields",
        requirement: "ACME-SCAR-01",
        message: "A SCAR closes only after the supplier's response was accepted",
        schema: z.looseObject({ supplierResponseAccepted: z.literal(true) }),
      },
    ],
  },
});
