/**
 * Per-command requirements as data: a tagged union the pure decider checks before it emits events.
 *
 * @packageDocumentation
 */
import type { z } from "zod";
import type { JsonObject } from "./json.js";

/** Fields every requirement may carry. */
export interface RequirementBase {
  /**
   * Requirement ID reported in the rejection when this requirement is not met (e.g. `CAPA-13`).
   * Defaults: `role`, `fields`, `signature`, `linked`, `predicate` → `P11-08`; `separation` → `CAPA-13`.
   */
  readonly requirement?: string;
  /** Message shown to the person when the requirement is not met (a default names the rule). */
  readonly message?: string;
}

/** The actor must hold at least one of the roles. */
export interface RoleRequirement extends RequirementBase {
  readonly kind: "role";
  readonly anyOf: readonly string[];
}

/**
 * The record's fields, as they would be after the command, must satisfy a zod schema
 * (e.g. "at least one root cause or a justification").
 */
export interface FieldsRequirement extends RequirementBase {
  readonly kind: "fields";
  readonly schema: z.ZodType;
}

/** A signature with this meaning, by the acting person, on the record's current version. */
export interface SignatureRequirement extends RequirementBase {
  readonly kind: "signature";
  readonly meaning: string;
}

/**
 * Separation of duties: the actor must not be a person named in a record field (a dotted path, arrays are
 * flattened, e.g. `owner` or `actions.owner`), nor anyone who executed an earlier command (e.g. `submitPlan`).
 */
export interface SeparationRequirement extends RequirementBase {
  readonly kind: "separation";
  readonly against: { readonly field: string } | { readonly command: string };
}

/**
 * Records linked through a field (ids, or objects with an `id`) must be in one of the given states.
 * The host lookup resolves them into the decide context first. `min` (default 0) is the least number of links.
 */
export interface LinkedRequirement extends RequirementBase {
  readonly kind: "linked";
  readonly field: string;
  readonly inStates: readonly string[];
  readonly recordType?: string;
  readonly min?: number;
}

/** A named, host-registered pure predicate must return true. */
export interface PredicateRequirement extends RequirementBase {
  readonly kind: "predicate";
  readonly name: string;
  /** JSON parameters passed to the predicate. */
  readonly params?: JsonObject;
}

/** One requirement of a command. */
export type Requirement =
  | RoleRequirement
  | FieldsRequirement
  | SignatureRequirement
  | SeparationRequirement
  | LinkedRequirement
  | PredicateRequirement;

/** The kinds of {@link Requirement}. */
export type RequirementKind = Requirement["kind"];

/** Default requirement ID per kind when a requirement names none. */
export const DEFAULT_REQUIREMENT_IDS: Readonly<Record<RequirementKind | "state", string>> = {
  state: "P11-07",
  role: "P11-08",
  fields: "P11-08",
  signature: "P11-08",
  separation: "CAPA-13",
  linked: "P11-08",
  predicate: "P11-08",
};
