/**
 * Explicit, audited migration of a workflow instance to another version of its definition.
 *
 * @packageDocumentation
 */
import type { Actor, EventToAppend } from "@qmskit/core";
import type { Decision } from "./decide.js";
import type { AnyWorkflowDefinition } from "./definition.js";
import { type MigratedData, WorkflowEventType, type WorkflowState } from "./state.js";

/** Context of {@link decideMigration}. */
export interface MigrationContext {
  readonly actor: Actor;
  readonly now: Date;
  /** Why the instance moves (required: migration is a change to the record). */
  readonly reason: string;
  /** Roles allowed to migrate (default: anyone the host lets call it). */
  readonly requiredRoles?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Decide moving a record from its pinned definition version to `to` (pure). Refused when `to` is another
 * workflow, the same version, the record's current state does not exist in `to`, the reason is empty, or
 * the actor lacks a required role.
 *
 * @requirement P11-07 (instances keep their definition version; a change of version is an explicit, audited event)
 * @example
 * ```ts
 * const d = decideMigration(state, capaV2, { actor, now: clock.now(), reason: "CC-12 adds supplier review" });
 * ```
 */
export function decideMigration(
  state: WorkflowState,
  to: AnyWorkflowDefinition,
  ctx: MigrationContext,
): Decision {
  const fail = (message: string, details?: Record<string, string>): Decision => ({
    ok: false,
    rejection: details
      ? { code: "MIGRATION", requirement: "P11-07", message, details }
      : { code: "MIGRATION", requirement: "P11-07", message },
  });
  if (ctx.requiredRoles && !ctx.requiredRoles.some((r) => ctx.actor.roles.includes(r))) {
    return {
      ok: false,
      rejection: {
        code: "ROLE",
        requirement: "P11-08",
        message: `Migrating a record needs one of the roles ${ctx.requiredRoles.join(", ")}`,
      },
    };
  }
  if (!ctx.reason || ctx.reason.trim().length === 0) return fail("A migration needs a reason");
  if (to.id !== state.workflow.id) {
    return fail(`Record ${state.recordId} runs workflow ${state.workflow.id}; it cannot move to ${to.id}`);
  }
  if (to.version === state.workflow.version)
    return fail(`Record ${state.recordId} already runs version ${to.version}`);
  if (!to.states.includes(state.status)) {
    return fail(
      `State "${state.status}" does not exist in ${to.id} v${to.version}; the record cannot move there`,
      {
        state: state.status,
      },
    );
  }
  const data: MigratedData = {
    from: state.workflow,
    to: { id: to.id, version: to.version },
    status: state.status,
    at: ctx.now.toISOString(),
  };
  const event: EventToAppend = {
    type: WorkflowEventType.migrated,
    data,
    actor: ctx.actor,
    reason: ctx.reason,
    metadata: { ...ctx.metadata, workflowId: to.id, workflowVersion: to.version },
  };
  return { ok: true, events: [event] };
}
