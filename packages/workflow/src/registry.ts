/**
 * A registry of workflow definitions by id and version: instances pin a version, so every version that
 * still has instances stays registered.
 *
 * @packageDocumentation
 */
import { QmsError } from "@qmskit/core";
import type { AnyWorkflowDefinition } from "./definition.js";

/**
 * Holds workflow definitions by id and version.
 *
 * @example
 * ```ts
 * const registry = new WorkflowRegistry([capaV1, capaV2]);
 * registry.latest("capa")?.version; // 2
 * ```
 */
export class WorkflowRegistry {
  readonly #defs = new Map<string, Map<number, AnyWorkflowDefinition>>();

  constructor(definitions: Iterable<AnyWorkflowDefinition> = []) {
    for (const d of definitions) this.register(d);
  }

  /** Add a definition. Registering a different definition under an id and version already taken is a `CONFLICT`. */
  register(def: AnyWorkflowDefinition): this {
    const versions = this.#defs.get(def.id) ?? new Map<number, AnyWorkflowDefinition>();
    const existing = versions.get(def.version);
    if (existing && existing !== def) {
      throw new QmsError(
        "CONFLICT",
        `Workflow ${def.id} v${def.version} is already registered; publish changes as a new version`,
        { details: { id: def.id, version: def.version } },
      );
    }
    versions.set(def.version, def);
    this.#defs.set(def.id, versions);
    return this;
  }

  /** The definition with this id and version, if registered. */
  get(id: string, version: number): AnyWorkflowDefinition | undefined {
    return this.#defs.get(id)?.get(version);
  }

  /** Like {@link get}, but throws `NOT_FOUND`. */
  require(id: string, version: number): AnyWorkflowDefinition {
    const def = this.get(id, version);
    if (!def) {
      throw new QmsError("NOT_FOUND", `Workflow ${id} v${version} is not registered`, {
        details: { id, version },
      });
    }
    return def;
  }

  /** The highest registered version of a workflow. */
  latest(id: string): AnyWorkflowDefinition | undefined {
    const versions = this.#defs.get(id);
    if (!versions) return undefined;
    return versions.get(Math.max(...versions.keys()));
  }

  /** Every registered definition. */
  list(): AnyWorkflowDefinition[] {
    return [...this.#defs.values()].flatMap((v) => [...v.values()]);
  }
}
