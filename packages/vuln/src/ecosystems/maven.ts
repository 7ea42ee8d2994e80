import { compareDigits, compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * Maven version order, hand-written because no maintained npm library implements Maven's
 * `ComparableVersion`. It follows the POM reference "Version Order Specification"
 * (https://maven.apache.org/pom.html#version-order-specification) and the structure of
 * `org.apache.maven.artifact.versioning.ComparableVersion` (Maven 3):
 * - the version is lower-cased and split on `.`, `-` and digit/letter transitions; a `-` or a
 *   transition opens a nested list;
 * - empty tokens become 0; trailing "null" items (0, "", "final", "ga", "release", empty lists) are trimmed;
 * - qualifiers order alpha (a) < beta (b) < milestone (m) < rc (cr) < snapshot < "" (ga, final, release) < sp,
 *   unknown qualifiers after those, alphabetically; numbers sort after qualifiers;
 * - a single letter a/b/m directly followed by a digit means alpha/beta/milestone.
 */

type Item =
  | { readonly kind: "int"; readonly value: string }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "list"; readonly items: Item[] };

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const ALIASES: Readonly<Record<string, string>> = { ga: "", final: "", release: "", cr: "rc" };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(""));

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function strItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    if (value === "a") value = "alpha";
    else if (value === "b") value = "beta";
    else if (value === "m") value = "milestone";
  }
  value = Object.hasOwn(ALIASES, value) ? (ALIASES[value] as string) : value;
  return { kind: "str", value };
}

function intItem(raw: string): Item {
  return { kind: "int", value: raw.replace(/^0+/, "") || "0" };
}

function isNull(item: Item): boolean {
  if (item.kind === "int") return item.value === "0";
  if (item.kind === "str") return comparableQualifier(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as Item;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== "list") break;
  }
}

/** Parse a Maven version into ComparableVersion's item tree. */
export function parseMavenVersion(version: string): Item {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = () => {
    const next: Item[] = [];
    list.push({ kind: "list", items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (c === 46 /* . */) {
      list.push(
        i === start ? intItem("0") : isDigit ? intItem(v.slice(start, i)) : strItem(v.slice(start, i), false),
      );
      start = i + 1;
    } else if (c === 45 /* - */) {
      list.push(
        i === start ? intItem("0") : isDigit ? intItem(v.slice(start, i)) : strItem(v.slice(start, i), false),
      );
      start = i + 1;
      push();
    } else if (digit) {
      if (!isDigit && i > start) {
        list.push(strItem(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(intItem(v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.push(isDigit ? intItem(v.slice(start)) : strItem(v.slice(start), false));
  while (stack.length > 0) normalize(stack.pop() as Item[]);
  return { kind: "list", items: root };
}

function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === "int") {
    if (b === undefined) return a.value === "0" ? 0 : 1;
    if (b.kind === "int") return compareDigits(a.value, b.value);
    return 1; // a number is newer than a qualifier or a nested list
  }
  if (a.kind === "str") {
    if (b === undefined) return compareStrings(comparableQualifier(a.value), RELEASE_INDEX);
    if (b.kind === "str") return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
    return -1; // a qualifier is older than a number or a nested list
  }
  if (b === undefined) {
    for (const item of a.items) {
      const r = compareItem(item, undefined);
      if (r !== 0) return r;
    }
    return 0;
  }
  if (b.kind === "int") return -1;
  if (b.kind === "str") return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

/** Maven: ComparableVersion order (see the comment at the top of this file). */
export const mavenOrdering: VersionOrdering<Item> = {
  ecosystem: "Maven",
  parse(version) {
    const v = version.trim();
    if (v.length === 0 || v.length > 256 || /\s/.test(v)) return undefined;
    return parseMavenVersion(v);
  },
  compare: compareItem,
};
