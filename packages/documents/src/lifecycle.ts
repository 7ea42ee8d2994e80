import type { RevisionStatus } from "./document-state.js";

/** Commands of the revision lifecycle. */
export type LifecycleCommand =
  | "edit"
  | "submit"
  | "return"
  | "approve"
  | "schedule"
  | "makeEffective"
  | "supersede"
  | "obsolete";

const FROM: Record<LifecycleCommand, readonly RevisionStatus[]> = {
  edit: ["draft"],
  submit: ["draft"],
  return: ["in-review"],
  approve: ["in-review"],
  schedule: ["approved"],
  makeEffective: ["approved", "approved-pending-effective"],
  supersede: ["effective"],
  obsolete: ["effective"],
};

/** Why a lifecycle command is not allowed in a status, or undefined when it is. */
export function checkCommand(
  command: LifecycleCommand,
  status: RevisionStatus,
): { requirement: string; message: string } | undefined {
  if (FROM[command].includes(status)) return undefined;
  if (command === "edit")
    return {
      requirement: "DOC-15",
      message: `content of a ${status} revision is immutable; start a new revision to change it`,
    };
  return {
    requirement: "P11-07",
    message: `"${command}" is not allowed in state ${status}; allowed in ${FROM[command].join(", ")}`,
  };
}
