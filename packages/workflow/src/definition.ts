/**
 * Workflow definitions as data: states, commands and per-command requirements, validated with zod, typed
 * so that each command's payload type comes from its zod schema.
 *
 * @packageDocumentation
 */
import { isQmsError, QmsError } from "@qmskit/core";
import { z } from "zod";
import { type DeadlinePolicy, DeadlinePolicySchema } from "./deadline.js";
import type { JsonObject } from "./json.js";
import type { Requirement } from "./requirements.js";

/** A name of a state, command or role: a letter, then letters, digits, `_` or `-` (at most 64). */
export const NameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "must be a letter then letters, digits, _ or -");
/** A record field name (letters, digits, `_`; no `__proto__`). */
export const FieldNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "must be a field name");
/** A dotted path of field names, e.g. `actions.owner`. */
export const FieldPathSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,7}$/, "must be a dotted field path");

/** A target chosen by a payload field: e.g. effectiveness `result` Effective → closed, Ineffective → investigation. */
export interface ConditionalTarget<S extends string = string> {
  /** Top-level payload field whose value picks the target. */
  readonly by: string;
  /** Target state per value of the field. */
  readonly cases: Readonly<Record<string, S>>;
  /** Target when the value matches no case; without it such a command is rejected. */
  readonly otherwise?: S;
}

/** Starting a deadline when a command runs. */
export interface DeadlineStartSpec {
  /** Deadline name, unique in the record (starting it again replaces it). */
  readonly name: string;
  readonly policy: DeadlinePolicy;
  /** Calendar id (default: the definition's `calendar`). */
  readonly calendar?: string;
  /** Field path (payload, then record) holding the anchor instant (ISO 8601); default: the command's time. */
  readonly anchorField?: string;
  /** Escalate to roles when still running this long after the due moment. */
  readonly escalate?: { readonly after: DeadlinePolicy; readonly roles: readonly string[] };
}

/** One command of a workflow. `S` = state names, `P` = payload zod schema. */
export interface CommandSpec<S extends string = string, P extends z.ZodType = z.ZodType> {
  readonly title?: string;
  /** The command creates the record (it has no source state). */
  readonly creates?: boolean;
  /** Allowed source states (required unless `creates`). */
  readonly from?: readonly S[];
  /** Target state, or a target chosen by a payload field; omitted = the state does not change. */
  readonly to?: S | ConditionalTarget<S>;
  /** Payload schema; without one the command takes no payload. */
  readonly payload?: P;
  /** Requirements checked before the command is accepted. */
  readonly requires?: readonly Requirement[];
  /** Copy the whole payload (`"payload"`) or the listed payload keys into the record fields. */
  readonly assign?: "payload" | readonly string[];
  /** Append a payload value to a record array field: `{ actions: "action" }`. */
  readonly append?: Readonly<Record<string, string>>;
  /** Set record fields to constant values. */
  readonly set?: JsonObject;
  /** The command needs a reason for change (stored on the event). */
  readonly reasonRequired?: boolean;
  /** Deadlines this command starts and stops. */
  readonly deadlines?: { readonly start?: readonly DeadlineStartSpec[]; readonly stop?: readonly string[] };
}

/** Commands of a workflow keyed by name. */
// biome-ignore lint/suspicious/noExplicitAny: payload schemas of any type
export type CommandMap<S extends string = string> = Readonly<Record<string, CommandSpec<S, any>>>;

/** A validated workflow definition. Build it with {@link defineWorkflow}, {@link parseWorkflowDefinition} or {@link extendWorkflow}. */
export interface WorkflowDefinition<S extends string = string, C extends CommandMap<S> = CommandMap<S>> {
  readonly id: string;
  /** Positive integer; instances pin the version they started with. */
  readonly version: number;
  readonly title?: string;
  readonly description?: string;
  readonly states: readonly S[];
  /** States without outgoing commands (closed, cancelled, …). */
  readonly terminal: readonly S[];
  /** Declared roles; when non-empty, role requirements may only name these. */
  readonly roles: readonly string[];
  /** Declared signature meanings; when non-empty, signature requirements may only name these. */
  readonly signatureMeanings: readonly string[];
  /** Schema every record's fields must satisfy after each command. */
  readonly fields?: z.ZodType;
  /** Default calendar id for deadlines. */
  readonly calendar?: string;
  readonly commands: C;
  /** The definition this one extends (see {@link extendWorkflow}). */
  readonly extends?: { readonly id: string; readonly version: number };
}

/** Any workflow definition. */
// biome-ignore lint/suspicious/noExplicitAny: the widest definition type
export type AnyWorkflowDefinition = WorkflowDefinition<string, any>;

/** Command names of a definition. */
export type CommandName<D extends AnyWorkflowDefinition> = keyof D["commands"] & string;

/** State names of a definition. */
export type StateName<D extends AnyWorkflowDefinition> = D["states"][number];

/** The payload type a command accepts (the input type of its zod schema). */
export type PayloadOf<D extends AnyWorkflowDefinition, K extends CommandName<D>> = D["commands"][K] extends {
  readonly payload: infer P extends z.ZodType;
}
  ? z.input<P>
  : undefined | Readonly<Record<string, never>>;

/** Input of {@link defineWorkflow}. */
export interface WorkflowSpec<S extends string, C extends CommandMap<S>> {
  readonly id: string;
  readonly version: number;
  readonly title?: string;
  readonly description?: string;
  readonly states: readonly S[];
  readonly terminal?: readonly NoInfer<S>[];
  readonly roles?: readonly string[];
  readonly signatureMeanings?: readonly string[];
  readonly fields?: z.ZodType;
  readonly calendar?: string;
  readonly commands: C;
  readonly extends?: { readonly id: string; readonly version: number };
}

// ---------------------------------------------------------------------------------------------------------
// Structural schemas (shared by the code form and the JSON form, which differ only in how schemas are given)

const ZodSchemaLike = z.custom<z.ZodType>(
  (v) =>
    typeof v === "object" && v !== null && typeof (v as { safeParse?: unknown }).safeParse === "function",
  "must be a zod schema",
);

const JsonSchemaObject = z.union([z.boolean(), z.record(z.string(), z.unknown())]);

/** JSON Schema converted to zod (`z.fromJSONSchema`); a schema it cannot convert is a validation issue. */
const JsonSchemaToZod = JsonSchemaObject.transform((js, ctx) => {
  try {
    return z.fromJSONSchema(js as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `unsupported JSON Schema: ${(e as Error).message}` });
    return z.NEVER;
  }
});

const RequirementCommon = {
  requirement: z.string().min(1).max(64).optional(),
  message: z.string().max(500).optional(),
};

function requirementSchema<T extends z.ZodType>(schema: T) {
  return z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("role"),
      anyOf: z.array(NameSchema).min(1).max(50),
      ...RequirementCommon,
    }),
    z.strictObject({ kind: z.literal("fields"), schema, ...RequirementCommon }),
    z.strictObject({ kind: z.literal("signature"), meaning: NameSchema, ...RequirementCommon }),
    z.strictObject({
      kind: z.literal("separation"),
      against: z.union([z.strictObject({ field: FieldPathSchema }), z.strictObject({ command: NameSchema })]),
      ...RequirementCommon,
    }),
    z.strictObject({
      kind: z.literal("linked"),
      field: FieldPathSchema,
      inStates: z.array(NameSchema).min(1).max(50),
      recordType: NameSchema.optional(),
      min: z.number().int().min(0).max(1000).optional(),
      ...RequirementCommon,
    }),
    z.strictObject({
      kind: z.literal("predicate"),
      name: NameSchema,
      params: z.record(z.string(), z.json()).optional(),
      ...RequirementCommon,
    }),
  ]);
}

const DeadlineStartSchema = z.strictObject({
  name: NameSchema,
  policy: DeadlinePolicySchema,
  calendar: NameSchema.optional(),
  anchorField: FieldPathSchema.optional(),
  escalate: z
    .strictObject({ after: DeadlinePolicySchema, roles: z.array(NameSchema).min(1).max(50) })
    .optional(),
});

function commandSchema<T extends z.ZodType>(schema: T) {
  return z.strictObject({
    title: z.string().max(200).optional(),
    creates: z.boolean().optional(),
    from: z.array(NameSchema).max(200).optional(),
    to: z
      .union([
        NameSchema,
        z.strictObject({
          by: FieldNameSchema,
          cases: z.record(z.string().max(200), NameSchema),
          otherwise: NameSchema.optional(),
        }),
      ])
      .optional(),
    payload: schema.optional(),
    requires: z.array(requirementSchema(schema)).max(100).optional(),
    assign: z.union([z.literal("payload"), z.array(FieldNameSchema).max(200)]).optional(),
    append: z.record(FieldNameSchema, FieldNameSchema).optional(),
    set: z.record(FieldNameSchema, z.json()).optional(),
    reasonRequired: z.boolean().optional(),
    deadlines: z
      .strictObject({
        start: z.array(DeadlineStartSchema).max(20).optional(),
        stop: z.array(NameSchema).max(20).optional(),
      })
      .optional(),
  });
}

function definitionSchema<T extends z.ZodType>(schema: T) {
  return z.strictObject({
    id: NameSchema,
    version: z.number().int().min(1).max(1_000_000),
    title: z.string().max(200).optional(),
    description: z.string().max(5000).optional(),
    states: z.array(NameSchema).min(1).max(200),
    terminal: z.array(NameSchema).max(200).default([]),
    roles: z.array(NameSchema).max(200).default([]),
    signatureMeanings: z.array(NameSchema).max(50).default([]),
    fields: schema.optional(),
    calendar: NameSchema.optional(),
    commands: z.record(NameSchema, commandSchema(schema)).refine((c) => Object.keys(c).length > 0, {
      message: "a workflow needs at least one command",
    }),
    extends: z.strictObject({ id: NameSchema, version: z.number().int().min(1) }).optional(),
  });
}

/**
 * Schema of a workflow definition in JSON form (e.g. a host-supplied file): like the code form, but payload
 * and `fields` schemas are JSON Schema objects, converted to zod. Use {@link parseWorkflowDefinition}.
 */
export const WorkflowDefinitionSchema = definitionSchema(JsonSchemaToZod);

/** A workflow definition in JSON form (the input of {@link WorkflowDefinitionSchema}). */
export type WorkflowDefinitionJson = z.input<typeof WorkflowDefinitionSchema>;

const CodeDefinitionSchema = definitionSchema(ZodSchemaLike);

// ---------------------------------------------------------------------------------------------------------
// Static checks

/** Problems a definition can have beyond its shape: unknown states, unreachable states, dead ends, … */
export function checkDefinition(def: AnyWorkflowDefinition, predicates?: readonly string[]): string[] {
  const problems: string[] = [];
  const states = new Set<string>(def.states);
  if (states.size !== def.states.length) problems.push("states contains duplicates");
  const terminal = new Set<string>(def.terminal);
  for (const t of terminal) if (!states.has(t)) problems.push(`terminal state "${t}" is not a state`);
  const commands = Object.entries(def.commands as CommandMap);
  const startedDeadlines = new Set<string>();
  const edges = new Map<string, Set<string>>();
  const roots = new Set<string>();
  const targetsOf = (c: CommandSpec): string[] =>
    c.to === undefined
      ? []
      : typeof c.to === "string"
        ? [c.to]
        : [...Object.values(c.to.cases), ...(c.to.otherwise === undefined ? [] : [c.to.otherwise])];
  for (const [name, c] of commands) {
    const where = `command "${name}"`;
    const targets = targetsOf(c);
    for (const t of targets) if (!states.has(t)) problems.push(`${where} targets unknown state "${t}"`);
    if (c.creates) {
      if (c.from && c.from.length > 0)
        problems.push(`${where} creates the record, so it cannot have source states`);
      if (targets.length === 0) problems.push(`${where} creates the record, so it needs a target state`);
      for (const t of targets) roots.add(t);
    } else {
      if (!c.from || c.from.length === 0)
        problems.push(`${where} needs source states ("from") or "creates: true"`);
      for (const f of c.from ?? []) {
        if (!states.has(f)) problems.push(`${where} starts from unknown state "${f}"`);
        const set = edges.get(f) ?? new Set<string>();
        for (const t of targets.length > 0 ? targets : [f]) set.add(t);
        edges.set(f, set);
      }
    }
    for (const d of c.deadlines?.start ?? []) {
      startedDeadlines.add(d.name);
      if (!d.calendar && !def.calendar)
        problems.push(`${where} starts deadline "${d.name}" without a calendar`);
      for (const r of d.escalate?.roles ?? []) {
        if (def.roles.length > 0 && !def.roles.includes(r))
          problems.push(`${where} escalates to undeclared role "${r}"`);
      }
    }
    for (const r of c.requires ?? []) {
      if (r.kind === "role" && def.roles.length > 0) {
        for (const role of r.anyOf)
          if (!def.roles.includes(role)) problems.push(`${where} requires undeclared role "${role}"`);
      }
      if (
        r.kind === "signature" &&
        def.signatureMeanings.length > 0 &&
        !def.signatureMeanings.includes(r.meaning)
      ) {
        problems.push(`${where} requires undeclared signature meaning "${r.meaning}"`);
      }
      if (
        r.kind === "separation" &&
        "command" in r.against &&
        !Object.hasOwn(def.commands, r.against.command)
      ) {
        problems.push(`${where} separates duties from unknown command "${r.against.command}"`);
      }
      if (r.kind === "predicate" && predicates && !predicates.includes(r.name)) {
        problems.push(`${where} uses predicate "${r.name}", which the host did not supply`);
      }
    }
  }
  for (const [name, c] of commands) {
    for (const d of c.deadlines?.stop ?? []) {
      if (!startedDeadlines.has(d))
        problems.push(`command "${name}" stops deadline "${d}", which no command starts`);
    }
  }
  if (roots.size === 0) problems.push("no command creates a record");
  // Reachability from the states a creating command can enter.
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const s = queue.pop()!;
    for (const t of edges.get(s) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  for (const s of def.states) {
    if (!seen.has(s)) problems.push(`state "${s}" is unreachable`);
    const leaves = [...(edges.get(s) ?? [])].some((t) => t !== s);
    if (!leaves && !terminal.has(s))
      problems.push(`state "${s}" has no way out and is not declared terminal`);
  }
  return problems;
}

function failValidation(what: string, error: z.ZodError): never {
  throw new QmsError("VALIDATION", `Invalid workflow definition${what}: ${z.prettifyError(error)}`, {
    details: { issues: error.issues },
  });
}

function failProblems(id: string, problems: string[]): never {
  throw new QmsError("VALIDATION", `Invalid workflow definition "${id}": ${problems.join("; ")}`, {
    details: { problems },
  });
}

function freezeDeep<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !isZodSchema(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freezeDeep(v);
  }
  return value;
}

function isZodSchema(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

/**
 * Define a workflow in code. The definition is validated (shape, known states, reachability, no dead ends,
 * declared roles and signature meanings) and frozen; a problem throws a `VALIDATION` error.
 *
 * @requirement P11-07 (sequencing rules are data the decider enforces)
 * @example
 * ```ts
 * const review = defineWorkflow({
 *   id: "review", version: 1, states: ["draft", "approved"], terminal: ["approved"],
 *   commands: {
 *     create: { creates: true, to: "draft", payload: z.object({ title: z.string() }), assign: "payload" },
 *     approve: { from: ["draft"], to: "approved", requires: [{ kind: "role", anyOf: ["qa"] },
 *       { kind: "signature", meaning: "approval" }, { kind: "separation", against: { command: "create" } }] },
 *   },
 * });
 * ```
 */
export function defineWorkflow<const S extends string, const C extends CommandMap<NoInfer<S>>>(
  spec: WorkflowSpec<S, C>,
): WorkflowDefinition<S, C> {
  const parsed = CodeDefinitionSchema.safeParse(spec);
  if (!parsed.success) failValidation(typeof spec?.id === "string" ? ` "${spec.id}"` : "", parsed.error);
  // Keep the caller's zod schema objects (the parsed copy holds the same references).
  const def = parsed.data as unknown as WorkflowDefinition<S, C>;
  const problems = checkDefinition(def);
  if (problems.length > 0) failProblems(def.id, problems);
  return freezeDeep(def);
}

/** Options of {@link parseWorkflowDefinition}. */
export interface ParseWorkflowOptions {
  /** Names of the predicates the host supplies (or the predicates themselves): unknown names are refused. */
  readonly predicates?: readonly string[] | Readonly<Record<string, unknown>>;
}

/** Result of {@link safeParseWorkflowDefinition}. */
export type SafeParseWorkflowResult =
  | { readonly success: true; readonly data: WorkflowDefinition }
  | { readonly success: false; readonly error: QmsError };

/**
 * Parse a workflow definition in JSON form (e.g. a host file); throws a `VALIDATION` error naming every problem.
 * Payload and `fields` schemas are JSON Schema, converted to zod.
 *
 * Definition files are host configuration: a JSON Schema `pattern` is compiled as a regular expression, so
 * accept definition files only from people allowed to configure the system.
 */
export function parseWorkflowDefinition(
  json: unknown,
  options: ParseWorkflowOptions = {},
): WorkflowDefinition {
  const parsed = WorkflowDefinitionSchema.safeParse(json);
  if (!parsed.success) failValidation("", parsed.error);
  const def = parsed.data as unknown as WorkflowDefinition;
  const names =
    options.predicates === undefined
      ? undefined
      : Array.isArray(options.predicates)
        ? (options.predicates as readonly string[])
        : Object.keys(options.predicates);
  const problems = checkDefinition(def, names ?? []);
  if (problems.length > 0) failProblems(def.id, problems);
  return freezeDeep(def);
}

/** Like {@link parseWorkflowDefinition}, but returns `{ success, data | error }` instead of throwing. */
export function safeParseWorkflowDefinition(
  json: unknown,
  options: ParseWorkflowOptions = {},
): SafeParseWorkflowResult {
  try {
    return { success: true, data: parseWorkflowDefinition(json, options) };
  } catch (e) {
    if (isQmsError(e)) return { success: false, error: e };
    return { success: false, error: new QmsError("VALIDATION", `Invalid workflow definition: ${String(e)}`) };
  }
}

/** Input of {@link extendWorkflow}: what a host adds to (or replaces in) a shipped definition. */
export interface WorkflowExtension<S extends string, S2 extends string, C2 extends CommandMap<S | S2>> {
  /** Id of the extended definition (a new id: instances of the base keep the base). */
  readonly id: string;
  readonly version: number;
  readonly title?: string;
  readonly description?: string;
  /** Extra states. */
  readonly states?: readonly S2[];
  /** Extra terminal states. */
  readonly terminal?: readonly NoInfer<S | S2>[];
  /** Extra roles and signature meanings. */
  readonly roles?: readonly string[];
  readonly signatureMeanings?: readonly string[];
  /**
   * Extra record fields: a zod object whose shape is added to the base's `fields` object schema
   * (or any schema, which replaces the base's when the base has none or is not an object).
   */
  readonly fields?: z.ZodType;
  /** New commands, or replacements of base commands with the same name. */
  readonly commands?: C2;
  /** Extra requirements appended to existing commands. */
  readonly requires?: Readonly<Record<string, readonly Requirement[]>>;
  /** Default calendar id (default: the base's). */
  readonly calendar?: string;
}

/**
 * Extend a shipped definition without forking it: extra states, fields, roles, commands and requirements.
 * The result is a new definition (its own id and version) with `extends` naming the base, and goes through
 * the same validation as {@link defineWorkflow}.
 *
 * @example
 * ```ts
 * const acmeCapa = extendWorkflow(capa, {
 *   id: "acme-capa", version: 1, states: ["supplierReview"], roles: ["supplierQuality"],
 *   commands: { requestSupplierReview: { from: ["investigation"], to: "supplierReview" },
 *               completeSupplierReview: { from: ["supplierReview"], to: "investigation" } },
 *   requires: { approvePlan: [{ kind: "role", anyOf: ["supplierQuality"] }] },
 * });
 * ```
 */
export function extendWorkflow<
  S extends string,
  C extends CommandMap<S>,
  const S2 extends string = never,
  const C2 extends CommandMap<NoInfer<S | S2>> = Record<never, never>,
>(
  base: WorkflowDefinition<S, C>,
  extension: WorkflowExtension<S, S2, C2>,
): WorkflowDefinition<S | S2, Omit<C, keyof C2> & C2> {
  const commands: Record<string, CommandSpec> = { ...(base.commands as CommandMap) };
  for (const [name, c] of Object.entries((extension.commands ?? {}) as CommandMap)) {
    Object.defineProperty(commands, name, { value: c, enumerable: true, writable: true, configurable: true });
  }
  for (const [name, extra] of Object.entries(extension.requires ?? {})) {
    const existing = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!existing) {
      throw new QmsError(
        "VALIDATION",
        `Extension "${extension.id}" adds requirements to unknown command "${name}"`,
      );
    }
    commands[name] = { ...existing, requires: [...(existing.requires ?? []), ...extra] };
  }
  let fields = base.fields;
  if (extension.fields) {
    fields =
      base.fields instanceof z.ZodObject && extension.fields instanceof z.ZodObject
        ? base.fields.safeExtend(extension.fields.shape)
        : extension.fields;
  }
  const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
  const spec = {
    id: extension.id,
    version: extension.version,
    ...(extension.title !== undefined || base.title !== undefined
      ? { title: extension.title ?? base.title }
      : {}),
    ...(extension.description !== undefined || base.description !== undefined
      ? { description: extension.description ?? base.description }
      : {}),
    states: unique([...base.states, ...(extension.states ?? [])]),
    terminal: unique([...base.terminal, ...(extension.terminal ?? [])]),
    roles: unique([...base.roles, ...(extension.roles ?? [])]),
    signatureMeanings: unique([...base.signatureMeanings, ...(extension.signatureMeanings ?? [])]),
    ...(fields ? { fields } : {}),
    ...((extension.calendar ?? base.calendar) ? { calendar: extension.calendar ?? base.calendar } : {}),
    commands,
    extends: { id: base.id, version: base.version },
  };
  return defineWorkflow(spec as WorkflowSpec<string, CommandMap>) as unknown as WorkflowDefinition<
    S | S2,
    Omit<C, keyof C2> & C2
  >;
}
