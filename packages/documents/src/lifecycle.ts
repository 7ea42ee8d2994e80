import type { Actor } from "@qmskit/core";
import { decideCommand, defineWorkflow, toMermaid, type WorkflowState } from "@qmskit/workflow";
import type { ChangeOrderStatus, RevisionStatus } from "./document-state.js";

/**
 * The revision lifecycle as a `@qmskit/workflow` definition:
 * Draft → In Review → Approved (→ Approved, pending effective) → Effective → Superseded / Obsolete.
 * The document service asks the workflow decider whether each transition is allowed from the revision's
 * current state (P11-07) before it writes its own document events; type-specific rules (approval slots,
 * designated roles, same-function approval) are checked by the service on top.
 *
 * @requirement P11-07
 */
export const revisionLifecycle = defineWorkflow({
  id: "document-revision",
  version: 1,
  title: "Controlled document revision",
  states: [
    "draft",
    "in-review",
    "approved",
    "approved-pending-effective",
    "effective",
    "superseded",
    "obsolete",
  ],
  terminal: ["superseded", "obsolete"],
  commands: {
    create: { title: "Create draft", creates: true, to: "draft" },
    edit: { title: "Edit draft", from: ["draft"], to: "draft" },
    submit: { title: "Submit for review", from: ["draft"], to: "in-review" },
    return: { title: "Return to draft", from: ["in-review"], to: "draft" },
    sign: { title: "Sign an approval slot", from: ["in-review"], to: "in-review" },
    approve: { title: "Last slot signed", from: ["in-review"], to: "approved" },
    schedule: {
      title: "Change order approved, future date",
      from: ["approved"],
      to: "approved-pending-effective",
    },
    makeEffective: {
      title: "Effective date reached",
      from: ["approved", "approved-pending-effective"],
      to: "effective",
    },
    supersede: { title: "Successor effective", from: ["effective"], to: "superseded" },
    obsolete: { title: "Made obsolete", from: ["effective"], to: "obsolete" },
  },
});

/**
 * The change order (DCO/ECO) as a `@qmskit/workflow` definition: Open → Approved → Implemented, or Cancelled.
 *
 * @requirement DOC-05
 */
export const changeOrderWorkflow = defineWorkflow({
  id: "change-order",
  version: 1,
  title: "Document change order",
  states: ["open", "approved", "implemented", "cancelled"],
  terminal: ["implemented", "cancelled"],
  commands: {
    open: { title: "Open", creates: true, to: "open" },
    sign: { title: "Sign an approval slot", from: ["open"], to: "open" },
    approve: { title: "Last slot signed", from: ["open"], to: "approved" },
    implement: { title: "Effective date reached", from: ["approved"], to: "implemented" },
    approveAndImplement: { title: "Last slot signed, effective now", from: ["open"], to: "implemented" },
    cancel: { title: "Cancel", from: ["open"], to: "cancelled" },
  },
});

/** Commands of the revision lifecycle. */
export type LifecycleCommand = Exclude<keyof (typeof revisionLifecycle)["commands"], "create">;
/** Commands of the change-order workflow. */
export type ChangeOrderCommand = Exclude<keyof (typeof changeOrderWorkflow)["commands"], "open">;

const SYSTEM: Actor = { id: "system:documents", name: "qmskit documents", roles: [] };

function asWorkflowState(
  def: { id: string; version: number },
  recordId: string,
  status: string,
  version: number,
): WorkflowState {
  return {
    recordId,
    workflow: { id: def.id, version: def.version },
    status,
    fields: {},
    version,
    createdAt: "",
    createdBy: "",
    updatedAt: "",
    performedBy: {},
    deadlines: {},
    rejections: 0,
  };
}

function decideTransition(
  def: typeof revisionLifecycle | typeof changeOrderWorkflow,
  recordId: string,
  command: string,
  status: string,
): { requirement: string; message: string } | undefined {
  const decision = decideCommand(def, asWorkflowState(def, recordId, status, 1), command, undefined, {
    actor: SYSTEM,
    now: new Date(0),
    recordId,
  });
  return decision.ok
    ? undefined
    : { requirement: decision.rejection.requirement, message: decision.rejection.message };
}

/**
 * Why a lifecycle command is not allowed for a revision in `status` (decided by the workflow engine), or
 * undefined when it is. Editing anything but a draft is refused under DOC-15.
 *
 * @requirement DOC-15
 * @requirement P11-07
 */
export function checkCommand(
  command: LifecycleCommand,
  status: RevisionStatus,
  recordId = "revision",
): { requirement: string; message: string } | undefined {
  const problem = decideTransition(revisionLifecycle, recordId, command, status);
  if (problem && command === "edit")
    return {
      requirement: "DOC-15",
      message: `content of a ${status} revision is immutable; start a new revision to change it`,
    };
  return problem;
}

/** Why a change-order command is not allowed in `status`, or undefined when it is. */
export function checkChangeOrderCommand(
  command: ChangeOrderCommand,
  status: ChangeOrderStatus,
  recordId = "change-order",
): { requirement: string; message: string } | undefined {
  return decideTransition(changeOrderWorkflow, recordId, command, status);
}

/**
 * The revision lifecycle and the change-order workflow as Mermaid state diagrams (from `@qmskit/workflow`'s
 * `toMermaid`), e.g. for a validation package or the README.
 */
export function lifecycleDiagrams(): { revision: string; changeOrder: string } {
  return { revision: toMermaid(revisionLifecycle), changeOrder: toMermaid(changeOrderWorkflow) };
}
