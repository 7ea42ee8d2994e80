import {
  type BusinessCalendar,
  type CommandSpec,
  type DeadlinePolicy,
  defineWorkflow,
  type Requirement,
} from "@qmskit/workflow";
import { z } from "zod";
import { usFederalCalendar } from "./calendar.js";
import {
  ComplainantSchema,
  ComplaintIntakeSchema,
  DeviceIdentifierSchema,
  NoInvestigationSchema,
} from "./complaint-records.js";

const text = z.string().trim().min(1);
type Fields = Record<string, unknown>;

/** States of the complaint-handling definition. */
export const COMPLAINT_STATES = ["evaluation", "investigation", "resolution", "closed", "cancelled"] as const;

/** Options of {@link createComplaintDefinition}. */
export interface ComplaintDefinitionOptions {
  readonly id?: string;
  readonly version?: number;
  /** Calendar of the MDR clocks (default {@link usFederalCalendar}: US federal holidays, for the 5 work days). */
  readonly calendar?: BusinessCalendar;
}

const mdrDecision = (reportType: "30-day" | "5-day") =>
  z.object({
    mdrDecision: z.object({
      reportable: z.literal(true),
      reportType: z.literal(reportType),
      rationale: text,
      awareAt: z.iso.datetime({ offset: true }),
      awareBy: text,
    }),
  });

/**
 * Every complaint carries a reportability decision before it closes, and a reportable one its submitted report.
 *
 * @requirement CAPA-16
 */
const mdrSettled: Requirement = {
  kind: "fields",
  requirement: "CAPA-16",
  message:
    "Record the MDR reportability decision (and, when reportable, the submitted report) before closing",
  schema: z.custom<Fields>((f) => {
    const d = (f as Fields).mdrDecision as { reportable?: boolean } | undefined;
    if (d === undefined) return false;
    return d.reportable === false || (f as Fields).mdrReport !== undefined;
  }),
};

/**
 * An investigated or MDR-reportable complaint needs the full 820.35(a) content: device identification,
 * complainant name, address and phone, the correction or corrective action, and the reply.
 *
 * @requirement CAPA-14
 */
export const ComplaintRecordContentSchema = z.looseObject({
  deviceName: text,
  dateReceived: z.iso.date(),
  deviceIdentifier: DeviceIdentifierSchema,
  complainant: ComplainantSchema,
  nature: text,
  details: text,
  correctiveAction: text,
  reply: z.object({ date: z.iso.date(), summary: text }),
});

const contentComplete: Requirement = {
  kind: "fields",
  requirement: "CAPA-14",
  message:
    "An investigated or MDR-reportable complaint needs device name, date received, UDI/UPC or other id, complainant name, address and phone, nature and details, the correction or corrective action, and the reply (21 CFR 820.35(a))",
  schema: z.custom<Fields>((f) => {
    const fields = f as Fields;
    const reportable = (fields.mdrDecision as { reportable?: boolean } | undefined)?.reportable === true;
    const investigated = fields.investigation !== undefined;
    if (!reportable && !investigated) return true;
    return ComplaintRecordContentSchema.safeParse(fields).success;
  }),
};

const handler: Requirement = { kind: "role", anyOf: ["complaintHandler", "qa"] };

/**
 * Build the complaint-handling definition: evaluation (reportability and investigation decisions) →
 * investigation → resolution (correction, reply) → closed.
 *
 * @requirement CAPA-14
 * @requirement CAPA-15
 * @requirement CAPA-16
 */
export function createComplaintDefinition(options: ComplaintDefinitionOptions = {}) {
  const calendar = options.calendar ?? usFederalCalendar;
  const decisionRequires: Requirement[] = [
    { kind: "role", anyOf: ["qa"] },
    { kind: "signature", meaning: "responsibility", requirement: "CAPA-16" },
    {
      kind: "fields",
      requirement: "CAPA-16",
      message:
        "The reportability decision is already recorded; file a supplemental decision through a new complaint",
      // fields are checked as they would be after the command: exactly one decision in the history
      schema: z.custom<Fields>((f) => {
        const all = (f as Fields).mdrDecisions;
        return Array.isArray(all) && all.length === 1;
      }),
    },
  ];
  // the two MDR-reportable decisions differ only in title, report type and the report clock's policy
  const decideReportable = (
    title: string,
    reportType: "30-day" | "5-day",
    policy: DeadlinePolicy,
  ): CommandSpec<(typeof COMPLAINT_STATES)[number]> => ({
    title,
    from: ["evaluation", "investigation", "resolution"],
    payload: mdrDecision(reportType),
    requires: decisionRequires,
    assign: ["mdrDecision"],
    append: { mdrDecisions: "mdrDecision" },
    deadlines: {
      start: [
        {
          name: "mdrReport",
          policy,
          anchorField: "mdrDecision.awareAt",
          escalate: {
            after: { id: "mdr-escalation", unit: "calendarDay", amount: 0 },
            roles: ["qaApprover"],
          },
        },
      ],
    },
  });
  return defineWorkflow({
    id: options.id ?? "complaint",
    version: options.version ?? 1,
    title: "Complaint handling",
    description:
      "Complaint handling per ISO 13485 8.2.2 and 21 CFR 820.35(a), with the MDR reportability decision (21 CFR 803) and its report clock.",
    states: COMPLAINT_STATES,
    terminal: ["closed", "cancelled"],
    roles: ["complaintHandler", "qa", "qaApprover"],
    signatureMeanings: ["responsibility", "approval"],
    fields: z.looseObject({ deviceName: text, dateReceived: z.iso.date(), nature: text, details: text }),
    calendar: calendar.id,
    commands: {
      receive: {
        title: "Receive a complaint",
        creates: true,
        to: "evaluation",
        payload: ComplaintIntakeSchema.partial({ deviceIdentifier: true, complainant: true }),
        requires: [handler],
        assign: "payload",
      },
      updateContact: {
        title: "Add device identification or complainant details",
        from: ["evaluation", "investigation", "resolution"],
        payload: z.object({
          deviceIdentifier: DeviceIdentifierSchema.optional(),
          complainant: ComplainantSchema.optional(),
        }),
        requires: [handler],
        assign: ["deviceIdentifier", "complainant"],
      },
      decideNotReportable: {
        title: "Decide: not MDR-reportable",
        from: ["evaluation", "investigation", "resolution"],
        payload: z.object({ mdrDecision: z.object({ reportable: z.literal(false), rationale: text }) }),
        requires: decisionRequires,
        assign: ["mdrDecision"],
        append: { mdrDecisions: "mdrDecision" },
      },
      decideReportable30Day: decideReportable("Decide: MDR-reportable (30 calendar days)", "30-day", {
        id: "mdr-30-calendar-days",
        unit: "calendarDay",
        amount: 30,
      }),
      decideReportable5Day: decideReportable("Decide: MDR-reportable (5 work days)", "5-day", {
        id: "mdr-5-work-days",
        unit: "businessDay",
        amount: 5,
      }),
      submitMdrReport: {
        title: "Record the submitted MDR",
        from: ["evaluation", "investigation", "resolution"],
        payload: z.object({ mdrReport: z.object({ reportNumber: text, submittedOn: z.iso.date() }) }),
        requires: [
          { kind: "role", anyOf: ["qa"] },
          {
            kind: "fields",
            requirement: "CAPA-16",
            message: "Only a complaint decided reportable has an MDR to submit",
            schema: z.looseObject({ mdrDecision: z.object({ reportable: z.literal(true) }) }),
          },
        ],
        assign: ["mdrReport"],
        deadlines: { stop: ["mdrReport"] },
      },
      investigate: {
        title: "Decide to investigate",
        from: ["evaluation"],
        to: "investigation",
        requires: [{ kind: "role", anyOf: ["qa"] }],
      },
      decideNoInvestigation: {
        title: "Decide not to investigate",
        from: ["evaluation"],
        to: "resolution",
        payload: z.object({ noInvestigation: NoInvestigationSchema }),
        requires: [
          { kind: "role", anyOf: ["qa"] },
          { kind: "signature", meaning: "responsibility", requirement: "CAPA-15" },
        ],
        assign: ["noInvestigation"],
      },
      completeInvestigation: {
        title: "Record the investigation",
        from: ["investigation"],
        to: "resolution",
        payload: z.object({
          investigation: z.object({ findings: text, rootCause: text.optional(), capaId: text.optional() }),
        }),
        requires: [{ kind: "role", anyOf: ["qa"] }],
        assign: ["investigation"],
      },
      recordCorrectiveAction: {
        title: "Record the correction or corrective action",
        from: ["investigation", "resolution"],
        payload: z.object({ correctiveAction: text }),
        requires: [handler],
        assign: ["correctiveAction"],
      },
      recordReply: {
        title: "Record the reply to the complainant",
        from: ["investigation", "resolution"],
        payload: z.object({ reply: z.object({ date: z.iso.date(), summary: text }) }),
        requires: [handler],
        assign: ["reply"],
      },
      close: {
        title: "Close the complaint",
        from: ["resolution"],
        to: "closed",
        requires: [
          { kind: "role", anyOf: ["qa", "qaApprover"] },
          { kind: "signature", meaning: "approval" },
          mdrSettled,
          contentComplete,
        ],
      },
      cancel: {
        title: "Cancel (entered in error)",
        from: ["evaluation"],
        to: "cancelled",
        requires: [
          { kind: "role", anyOf: ["qaApprover"] },
          { kind: "signature", meaning: "approval" },
        ],
        reasonRequired: true,
        deadlines: { stop: ["mdrReport"] },
      },
    },
  });
}

/** The shipped complaint-handling definition (id `complaint`, version 1). */
export const complaintDefinition = createComplaintDefinition();
