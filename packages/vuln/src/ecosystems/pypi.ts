import * as pep440 from "@renovatebot/pep440";
import { compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * PyPI: PEP 440 ordering (epochs, pre/post/dev releases, local versions). Versions are parsed by
 * `@renovatebot/pep440` (a maintained port of Python's `packaging.version`). Its `compare(a, b)`
 * re-parses both strings on every call, so the sort key is computed once per version here, with the
 * same rules as `packaging.version._cmpkey` (and the library's own `calculateKey`): trailing zeros of
 * the release are dropped; a dev-only release sorts before its pre-releases; no pre-release sorts after
 * pre-releases; no post-release sorts first; no dev-release sorts last; local segments sort after no
 * local, alphanumeric before numeric. A property test checks it against `pep440.compare`.
 */

interface Pep440Key {
  readonly epoch: number;
  readonly release: readonly number[];
  /** -1: dev-only release (before any pre); 0: has a pre-release (see `pre`); 1: no pre-release. */
  readonly preKind: -1 | 0 | 1;
  readonly pre: readonly [string, number];
  readonly post: number;
  readonly dev: number;
  readonly local: readonly (readonly [number, string])[] | undefined;
}

function keyOf(version: string): Pep440Key | undefined {
  const p = pep440.parse(version);
  if (!p) return undefined;
  const release = [...p.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const pre = p.pre as [string, number] | null;
  const post = p.post as [string, number] | null;
  const dev = p.dev as [string, number] | null;
  const local = p.local as (string | number)[] | null;
  return {
    epoch: p.epoch,
    release,
    preKind: !pre && !post && dev ? -1 : pre ? 0 : 1,
    pre: pre ? [pre[0], Number(pre[1])] : ["", 0],
    post: post ? Number(post[1]) : Number.NEGATIVE_INFINITY,
    dev: dev ? Number(dev[1]) : Number.POSITIVE_INFINITY,
    local: local
      ? local.map((s) => (Number.isNaN(Number(s)) ? [Number.NEGATIVE_INFINITY, String(s)] : [Number(s), ""]))
      : undefined,
  };
}

const num = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

function compareKeys(a: Pep440Key, b: Pep440Key): number {
  let c = num(a.epoch, b.epoch);
  if (c !== 0) return c;
  const n = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    c = num(a.release[i] as number, b.release[i] as number);
    if (c !== 0) return c;
  }
  c = num(a.release.length, b.release.length);
  if (c !== 0) return c;
  c = num(a.preKind, b.preKind);
  if (c !== 0) return c;
  if (a.preKind === 0) {
    c = compareStrings(a.pre[0], b.pre[0]) || num(a.pre[1], b.pre[1]);
    if (c !== 0) return c;
  }
  c = num(a.post, b.post) || num(a.dev, b.dev);
  if (c !== 0) return c;
  if (!a.local || !b.local) return a.local ? 1 : b.local ? -1 : 0;
  const m = Math.min(a.local.length, b.local.length);
  for (let i = 0; i < m; i++) {
    const x = a.local[i] as readonly [number, string];
    const y = b.local[i] as readonly [number, string];
    c = num(x[0], y[0]) || compareStrings(x[1], y[1]);
    if (c !== 0) return c;
  }
  return num(a.local.length, b.local.length);
}

/** PyPI: PEP 440 order (see the comment at the top of this file). */
export const pypiOrdering: VersionOrdering<Pep440Key> = {
  ecosystem: "PyPI",
  parse(version) {
    const v = version.trim();
    if (v.length > 256) return undefined;
    return keyOf(v);
  },
  compare: compareKeys,
  // a release-only x.y.z has no epoch, pre, post, dev or local part: it sorts by its release numbers
  plainTriples: "x.y.z",
};

/** PEP 503 name normalisation: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
