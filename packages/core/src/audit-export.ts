/**
 * Audit trail export: a human-readable copy (Markdown or CSV) listing, for every change, who, when, why,
 * the previous and the new value; and a machine-readable copy (NDJSON, one stored event per line) that can
 * be re-verified offline.
 *
 * @packageDocumentation
 */
import { z } from "zod";
import { canonicalJson } from "./canonical-json.js";
import { ValidationError } from "./errors.js";
import { type ChainVerification, verifyChain } from "./hash-chain.js";
import type { ChainHead, StoredEvent } from "./ports.js";
import { storedEventSchema } from "./schemas.js";
import { signatureManifestation } from "./signatures.js";

/** One changed field of one event. `previous` is `undefined` when the field had no value before. */
export interface FieldChange {
  readonly field: string;
  readonly previous: unknown;
  readonly next: unknown;
}

/** One row of the human-readable audit trail. */
export interface AuditRow {
  readonly position: number;
  readonly recordedAt: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly actorId: string;
  readonly actorName: string;
  readonly reason: string;
  readonly field: string;
  readonly previous: string;
  readonly next: string;
  readonly signatures: string;
  readonly hash: string;
}

/**
 * Derives the field changes of an event from the record's state before it. Default: an event whose data is
 * an object sets each of its top-level members (the convention qmskit modules follow: events carry the
 * fields they change); other data is one change of the field `data`.
 */
export type ChangeDeriver = (
  event: StoredEvent,
  before: Readonly<Record<string, unknown>>,
) => readonly FieldChange[];

/** The default {@link ChangeDeriver}. */
export const topLevelFieldChanges: ChangeDeriver = (event, before) => {
  const d = event.data;
  if (typeof d === "object" && d !== null && !Array.isArray(d)) {
    return Object.keys(d)
      .sort()
      .map((field) => ({ field, previous: before[field], next: (d as Record<string, unknown>)[field] }));
  }
  return [{ field: "data", previous: before.data, next: d }];
};

/** Options of the audit exports. */
export interface AuditExportOptions {
  /** How field changes are derived (default {@link topLevelFieldChanges}). */
  readonly changes?: ChangeDeriver;
  /** Time zone for signature manifestations (default UTC). */
  readonly timeZone?: string;
}

function show(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  try {
    return canonicalJson(v);
  } catch {
    return String(v);
  }
}

/**
 * The audit trail as rows: one per changed field (one row with an empty field for events without field
 * changes, such as a tombstone), with the previous and the new value, in global order.
 *
 * @requirement P11-02
 * @requirement P11-04
 * @requirement P11-06
 */
export function* auditRows(
  events: Iterable<StoredEvent>,
  options: AuditExportOptions = {},
): Generator<AuditRow> {
  const derive = options.changes ?? topLevelFieldChanges;
  const state = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const before = state.get(e.streamId) ?? {};
    const changes = derive(e, before);
    const after: Record<string, unknown> = Object.assign(Object.create(null), before);
    const base = {
      position: e.position,
      recordedAt: e.recordedAt,
      streamId: e.streamId,
      version: e.version,
      type: e.type,
      actorId: e.actor.id,
      actorName: e.actor.name,
      reason: e.reason ?? "",
      signatures: (e.signatures ?? [])
        .map((s) => signatureManifestation(s, options.timeZone ? { timeZone: options.timeZone } : {}))
        .join("; "),
      hash: e.hash,
    };
    if (changes.length === 0) yield { ...base, field: "", previous: "", next: "" };
    for (const c of changes) {
      after[c.field] = c.next;
      yield { ...base, field: c.field, previous: show(c.previous), next: show(c.next) };
    }
    state.set(e.streamId, after);
  }
}

const COLUMNS: readonly (keyof AuditRow)[] = [
  "position",
  "recordedAt",
  "streamId",
  "version",
  "type",
  "actorId",
  "actorName",
  "reason",
  "field",
  "previous",
  "next",
  "signatures",
  "hash",
];

const HEADINGS: Record<keyof AuditRow, string> = {
  position: "Position",
  recordedAt: "Recorded at (UTC)",
  streamId: "Record",
  version: "Version",
  type: "Action",
  actorId: "User id",
  actorName: "User name",
  reason: "Reason",
  field: "Field",
  previous: "Previous value",
  next: "New value",
  signatures: "Signatures",
  hash: "Hash",
};

/**
 * RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula (CSV injection).
 * Hand-written: it is a few lines, and the formula guard is ours to decide.
 */
function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The audit trail as CSV (RFC 4180, CRLF line ends, header row), one line per changed field.
 *
 * @requirement P11-06
 */
export function* auditCsvLines(
  events: Iterable<StoredEvent>,
  options: AuditExportOptions = {},
): Generator<string> {
  yield `${COLUMNS.map((c) => csvCell(HEADINGS[c])).join(",")}\r\n`;
  for (const row of auditRows(events, options)) yield `${COLUMNS.map((c) => csvCell(row[c])).join(",")}\r\n`;
}

function mdCell(value: string | number): string {
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>")
    .replace(/</g, "&lt;")
    .replace(/&lt;br>/g, "<br>");
}

/**
 * The audit trail as a Markdown document: a summary (events, chain verification, head) and a table with
 * one line per changed field, including signature manifestations.
 *
 * @requirement P11-06
 * @requirement P11-10
 */
export function* auditMarkdownLines(
  events: readonly StoredEvent[],
  options: AuditExportOptions & { readonly head?: ChainHead; readonly title?: string } = {},
): Generator<string> {
  const verification: ChainVerification = verifyChain(events, options.head ? { head: options.head } : {});
  yield `# ${options.title ?? "Audit trail"}\n\n`;
  yield `- Events: ${events.length}\n`;
  yield verification.ok
    ? `- Hash chain: intact (head position ${verification.head.position}, hash \`${verification.head.hash}\`)\n\n`
    : `- Hash chain: **BROKEN** at position ${verification.broken.position} (${verification.broken.kind}): ${mdCell(verification.broken.message)}\n\n`;
  const cols = COLUMNS.filter((c) => c !== "hash");
  yield `| ${cols.map((c) => HEADINGS[c]).join(" | ")} |\n`;
  yield `| ${cols.map(() => "---").join(" | ")} |\n`;
  for (const row of auditRows(events, options)) yield `| ${cols.map((c) => mdCell(row[c])).join(" | ")} |\n`;
}

/**
 * The machine-readable export: one stored event per line as canonical JSON (NDJSON). Complete and
 * re-verifiable with {@link parseAuditNdjson} and `verifyChain`.
 *
 * @requirement P11-06
 */
export function* auditNdjsonLines(events: Iterable<StoredEvent>): Generator<string> {
  for (const e of events) yield `${canonicalJson(e)}\n`;
}

/** Audit export formats. */
export const auditExportFormatSchema = z.enum(["ndjson", "csv", "markdown"]);
/** One of `ndjson`, `csv`, `markdown`. */
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;

/**
 * The whole export as one string.
 *
 * @requirement P11-06
 * @example
 * ```ts
 * const csv = exportAuditTrail(await log.readAll(), "csv");
 * ```
 */
export function exportAuditTrail(
  events: readonly StoredEvent[],
  format: AuditExportFormat,
  options: AuditExportOptions & { readonly head?: ChainHead } = {},
): string {
  const f = auditExportFormatSchema.safeParse(format);
  if (!f.success)
    throw new ValidationError(`Unknown audit export format "${String(format)}": use ndjson, csv or markdown`);
  const lines =
    f.data === "ndjson"
      ? auditNdjsonLines(events)
      : f.data === "csv"
        ? auditCsvLines(events, options)
        : auditMarkdownLines(events, options);
  let out = "";
  for (const l of lines) out += l;
  return out;
}

/** Result of {@link safeParseAuditNdjson}. */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: ValidationError };

/**
 * Reads an NDJSON audit export back into stored events (validated), e.g. to verify a copy offline.
 *
 * @requirement P11-06
 */
export function safeParseAuditNdjson(text: string): ParseResult<StoredEvent[]> {
  if (typeof text !== "string")
    return { success: false, error: new ValidationError("NDJSON export must be a string") };
  const out: StoredEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return {
        success: false,
        error: new ValidationError(`Line ${i + 1} is not JSON`, { details: { line: i + 1 } }),
      };
    }
    const r = storedEventSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      return {
        success: false,
        error: new ValidationError(
          `Line ${i + 1} is not a stored event: ${issue?.path.join(".")} ${issue?.message}`,
          {
            details: { line: i + 1 },
          },
        ),
      };
    }
    // keep the parsed object itself (not zod's copy) so the hash is checked over exactly what was read
    out.push(value as StoredEvent);
  }
  return { success: true, data: out };
}

/** Like {@link safeParseAuditNdjson}, but throws a `VALIDATION` error. */
export function parseAuditNdjson(text: string): StoredEvent[] {
  const r = safeParseAuditNdjson(text);
  if (!r.success) throw r.error;
  return r.data;
}
