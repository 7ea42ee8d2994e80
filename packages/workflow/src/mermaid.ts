/**
 * Export a workflow definition as a Mermaid state diagram (`stateDiagram-v2`).
 *
 * @packageDocumentation
 */
import type { AnyWorkflowDefinition, CommandSpec } from "./definition.js";

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Draw commands that keep the state (field updates such as `addAction`) as self-loops (default false). */
  readonly selfLoops?: boolean;
  /** Append a short list of requirements to each transition label (default false). */
  readonly requirements?: boolean;
  /** Add a front-matter title (default: the definition's title, or its id and version). `false` for none. */
  readonly title?: string | false;
}

/** Text safe inside a Mermaid label: no line breaks, colons, semicolons, quotes, brackets or `#`. */
function label(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 _.,=+/()-]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
}

/** Words Mermaid reads as syntax in a state diagram. */
const RESERVED = new Set([
  "state",
  "note",
  "end",
  "direction",
  "as",
  "class",
  "classDef",
  "style",
  "click",
  "default",
  "graph",
]);

/**
 * Mermaid state ids cannot hold `-` or be keywords: map such names to ids and declare the readable name.
 * Names are already restricted to letters, digits, `_` and `-` by the definition schema.
 */
function stateId(name: string): string {
  return RESERVED.has(name) ? `state_${name}` : name.replace(/-/g, "_");
}

function requirementSummary(spec: CommandSpec): string {
  const parts: string[] = [];
  for (const r of spec.requires ?? []) {
    if (r.kind === "role") parts.push(`role ${r.anyOf.join("/")}`);
    else if (r.kind === "signature") parts.push(`signed ${r.meaning}`);
    else if (r.kind === "separation")
      parts.push(`not ${"field" in r.against ? r.against.field : `${r.against.command} actor`}`);
    else if (r.kind === "linked") parts.push(`${r.field} ${r.inStates.join("/")}`);
    else if (r.kind === "predicate") parts.push(r.name);
    else parts.push(r.requirement ?? "fields");
  }
  return parts.join(", ");
}

/**
 * The definition as a Mermaid `stateDiagram-v2`: `[*]` enters through creating commands, each command is an
 * edge labelled with its name (conditional targets show the deciding value), terminal states lead to `[*]`.
 * Output is deterministic (definition order), so it can be committed and diffed.
 *
 * @example
 * ```ts
 * console.log(toMermaid(capa));
 * // stateDiagram-v2
 * //   [*] --> draft : open
 * //   draft --> investigation : startInvestigation
 * //   ...
 * ```
 */
export function toMermaid(def: AnyWorkflowDefinition, options: MermaidOptions = {}): string {
  const lines: string[] = [];
  const title =
    options.title === false ? undefined : label(options.title ?? def.title ?? `${def.id} v${def.version}`);
  if (title) lines.push("---", `title: ${title}`, "---");
  lines.push("stateDiagram-v2");
  for (const s of def.states) {
    if (stateId(s) !== s) lines.push(`  state "${label(s)}" as ${stateId(s)}`);
  }
  const edge = (from: string, to: string, text: string) => {
    lines.push(`  ${from} --> ${to}${text ? ` : ${text}` : ""}`);
  };
  for (const [name, spec] of Object.entries(def.commands as Readonly<Record<string, CommandSpec>>)) {
    const extra = options.requirements ? requirementSummary(spec) : "";
    const base = label(extra ? `${name} (${extra})` : name);
    const targets: Array<[string | undefined, string]> =
      spec.to === undefined
        ? [[undefined, ""]]
        : typeof spec.to === "string"
          ? [[spec.to, ""]]
          : [
              ...Object.entries(spec.to.cases).map(([value, t]): [string, string] => [
                t,
                `${spec.to && typeof spec.to !== "string" ? spec.to.by : ""} = ${value}`,
              ]),
              ...(spec.to.otherwise !== undefined
                ? [[spec.to.otherwise, "otherwise"] as [string, string]]
                : []),
            ];
    const sources = spec.creates ? ["[*]"] : (spec.from ?? []).map(stateId);
    for (const from of sources) {
      for (const [to, cond] of targets) {
        const target = to === undefined ? from : stateId(to);
        if (target === from && !options.selfLoops) continue;
        edge(from, target, cond ? `${base} [${label(cond)}]` : base);
      }
    }
  }
  for (const t of def.terminal) edge(stateId(t), "[*]", "");
  return `${lines.join("\n")}\n`;
}
