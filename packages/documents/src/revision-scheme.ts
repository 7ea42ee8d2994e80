import { QmsError } from "@qmskit/core";
import { z } from "zod";

/** How big a change is: it decides the next release label in numeric schemes. */
export type ChangeSize = "major" | "minor";

/**
 * A revision labelling strategy. Labels are display names; the immutable identity of a revision is its
 * `revisionId`. A draft carries a draft label; the release label is fixed when the revision is approved
 * and never changes afterwards.
 */
export interface RevisionScheme {
  /** Name recorded on the document, e.g. `letters`. */
  readonly name: string;
  /**
   * Label of a draft. `lastReleased` is the label of the latest approved revision (undefined before the
   * first release); `draftNo` counts content edits of this draft, from 1.
   */
  draftLabel(lastReleased: string | undefined, draftNo: number, change: ChangeSize): string;
  /** Label given on approval, following `lastReleased` (undefined for the first release). */
  releaseLabel(lastReleased: string | undefined, change: ChangeSize): string;
}

/** Bijective base-26: 1 → A, 26 → Z, 27 → AA. */
function toLetters(n: number, alphabet: string): string {
  let label = "";
  const base = alphabet.length;
  while (n > 0) {
    const rem = (n - 1) % base;
    label = alphabet[rem] + label;
    n = Math.floor((n - 1) / base);
  }
  return label;
}

function fromLetters(label: string, alphabet: string): number {
  let n = 0;
  for (const ch of label) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new QmsError("VALIDATION", `"${label}" is not a letter revision label`);
    n = n * alphabet.length + i + 1;
  }
  return n;
}

/**
 * Letter revisions: A, B, …, Z, AA, AB, … Drafts are shown as the coming label plus `-draft<n>`
 * (`B-draft1`). Letters that read like digits can be skipped (`skip: "IOQSXZ"`, common in drawings).
 *
 * @example
 * ```ts
 * const s = letterRevisions();
 * s.releaseLabel("Z", "major"); // "AA"
 * ```
 */
export function letterRevisions(options: { readonly skip?: string } = {}): RevisionScheme {
  const skip = (options.skip ?? "").toUpperCase();
  const alphabet = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].filter((c) => !skip.includes(c)).join("");
  if (alphabet.length < 2) throw new QmsError("VALIDATION", "A letter scheme needs at least two letters");
  const release = (last: string | undefined) =>
    toLetters(last === undefined ? 1 : fromLetters(last, alphabet) + 1, alphabet);
  return {
    name: skip ? `letters(skip ${skip})` : "letters",
    releaseLabel: (last) => release(last),
    draftLabel: (last, draftNo) => `${release(last)}-draft${draftNo}`,
  };
}

const NUMERIC_RE = /^(\d{1,9})\.(\d{1,9})$/;

function parseNumeric(label: string): [number, number] {
  const m = NUMERIC_RE.exec(label);
  if (!m) throw new QmsError("VALIDATION", `"${label}" is not a major.minor revision label`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Numeric `major.minor` revisions. Releases are `1.0`, then `1.1` (minor) or `2.0` (major).
 * Drafts follow `drafts`:
 * - `"zero"` (default): `<major>.<n>` counted from the last release's major, so before the first release
 *   drafts are `0.1`, `0.2`, … and the first approval gives `1.0`;
 * - `"suffix"`: the coming release label plus `-draft` (`1.1-draft`, then `1.1-draft.2` after edits).
 *
 * @example
 * ```ts
 * numericRevisions().draftLabel(undefined, 2, "major"); // "0.2"
 * numericRevisions({ drafts: "suffix" }).draftLabel("1.0", 1, "minor"); // "1.1-draft"
 * ```
 */
export function numericRevisions(options: { readonly drafts?: "zero" | "suffix" } = {}): RevisionScheme {
  const drafts = options.drafts ?? "zero";
  const release = (last: string | undefined, change: ChangeSize) => {
    if (last === undefined) return "1.0";
    const [major, minor] = parseNumeric(last);
    return change === "major" ? `${major + 1}.0` : `${major}.${minor + 1}`;
  };
  return {
    name: `numeric(${drafts})`,
    releaseLabel: release,
    draftLabel: (last, draftNo, change) => {
      if (drafts === "suffix") return `${release(last, change)}-draft${draftNo > 1 ? `.${draftNo}` : ""}`;
      const major = last === undefined ? 0 : parseNumeric(last)[0];
      return `${major}.${draftNo}`;
    },
  };
}

/** A label a host scheme may produce: printable, no control characters, at most 40 characters. */
export const RevisionLabelSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-+ ]*$/u, "letters, digits, '.', '_', '-', '+' and spaces only");

/**
 * Wrap host-defined labelling functions as a {@link RevisionScheme}. Every label they produce is checked
 * with {@link RevisionLabelSchema}, so a faulty scheme fails loudly instead of storing odd labels.
 *
 * @example
 * ```ts
 * const yearly = customRevisions("yearly", {
 *   releaseLabel: (last) => `${2026 + (last ? Number(last.slice(1)) - 2025 : 0)}`.replace(/^/, "Y"),
 *   draftLabel: (last, n) => `draft-${n}`,
 * });
 * ```
 */
export function customRevisions(
  name: string,
  fns: Pick<RevisionScheme, "draftLabel" | "releaseLabel">,
): RevisionScheme {
  const check = (label: unknown): string => {
    const parsed = RevisionLabelSchema.safeParse(label);
    if (!parsed.success)
      throw new QmsError("VALIDATION", `Revision scheme "${name}" produced an invalid label`, {
        details: { label: String(label).slice(0, 80) },
      });
    return parsed.data;
  };
  return {
    name,
    draftLabel: (last, n, change) => check(fns.draftLabel(last, n, change)),
    releaseLabel: (last, change) => check(fns.releaseLabel(last, change)),
  };
}
