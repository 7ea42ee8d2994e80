/**
 * Applying VEX statements to findings.
 *
 * Precedence (documented rule): statements are grouped by component and vulnerability (the
 * advisory id or any of its aliases). Within a group the statement with the newest timestamp wins
 * (statement time, else document time); a statement without any time ranks oldest; on equal times the
 * statement read later wins (later `--vex` file, later position in the file). This follows OpenVEX's
 * rule that a newer statement replaces an older one for the same product and vulnerability.
 *
 * @requirement SEC-07 the exploitability statement that applies is kept with who made it and when
 * @requirement SOUP-03 each matched vulnerability records the analysis that decided its status
 */

import type { FindingVex, VulnFinding } from "../finding.js";
import type { MatchableComponent } from "../match.js";
import { type ParsedPurl, packageKey, parsePurl, purlToPackage } from "../purl.js";
import type { VexProblem, VexProduct, VexStatement } from "./model.js";

function purlIdentity(p: ParsedPurl): string {
  const pkg = purlToPackage(p);
  if (pkg) return pkg.key;
  return packageKey(p.type, p.namespace ? `${p.namespace}/${p.name}` : p.name).key;
}

interface ComponentLookup {
  resolve(product: VexProduct): MatchableComponent[];
}

function componentLookup(components: readonly MatchableComponent[]): ComponentLookup {
  const byRef = new Map<string, MatchableComponent[]>();
  const byPurl = new Map<string, MatchableComponent[]>();
  const byNameVersion = new Map<string, MatchableComponent[]>();
  const add = (m: Map<string, MatchableComponent[]>, k: string, c: MatchableComponent) => {
    const l = m.get(k);
    if (l) l.push(c);
    else m.set(k, [c]);
  };
  for (const c of components) {
    add(byRef, c.ref, c);
    if (c.purl) {
      const p = parsePurl(c.purl);
      if (p) add(byPurl, purlIdentity(p), c);
    }
    add(byNameVersion, `${c.name.toLowerCase()}\u0000${(c.version ?? "").toLowerCase()}`, c);
  }
  return {
    resolve(product) {
      if (product.bomRef && byRef.has(product.bomRef)) return byRef.get(product.bomRef) ?? [];
      if (byRef.has(product.id)) return byRef.get(product.id) ?? [];
      if (product.purl) {
        const p = parsePurl(product.purl);
        if (p) {
          const same = byPurl.get(purlIdentity(p)) ?? [];
          // a versionless purl names every version of the package
          return p.version === undefined
            ? same
            : same.filter((c) => c.version === p.version || parsePurl(c.purl ?? "")?.version === p.version);
        }
      }
      if (product.name)
        return (
          byNameVersion.get(`${product.name.toLowerCase()}\u0000${(product.version ?? "").toLowerCase()}`) ??
          []
        );
      return [];
    },
  };
}

const time = (s: VexStatement) => {
  const t = s.timestamp ? Date.parse(s.timestamp) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** Result of {@link applyVex}. */
export interface VexApplication {
  readonly findings: VulnFinding[];
  /** Products that are not in the SBOM, and similar warnings. */
  readonly problems: VexProblem[];
  /** Statements that decided at least one finding. */
  readonly applied: number;
}

/**
 * Apply VEX statements (in reading order) to findings. Each finding gets the newest statement for its
 * component and vulnerability; its status becomes the statement's, and `vex` keeps who said it, when,
 * the justification and the impact statement. Statements whose products are not in the SBOM are
 * reported as `VEX_UNKNOWN_PRODUCT` warnings.
 *
 * @example
 * ```ts
 * const { findings } = applyVex(findingsFromMatches(matches), statements, sbom.components);
 * ```
 */
export function applyVex(
  findings: readonly VulnFinding[],
  statements: readonly VexStatement[],
  components: readonly MatchableComponent[],
): VexApplication {
  const lookup = componentLookup(components);
  const problems: VexProblem[] = [];
  // (component ref, vulnerability id upper-cased) → statements in reading order
  const groups = new Map<string, { s: VexStatement; order: number }[]>();
  statements.forEach((s, order) => {
    const ids = [s.vulnerability, ...s.aliases].map((x) => x.toUpperCase());
    for (const product of s.products) {
      const hits = lookup.resolve(product);
      if (hits.length === 0) {
        const [file, ptr] = s.source.split("#");
        problems.push({
          file: file ?? s.source,
          pointer: ptr ?? "",
          code: "VEX_UNKNOWN_PRODUCT",
          severity: "warning",
          message: `${s.source}: product "${product.purl ?? product.id}"${product.name ? ` (${product.name}${product.version ? ` ${product.version}` : ""})` : ""} of the ${s.vulnerability} statement is not in the SBOM`,
        });
        continue;
      }
      for (const c of hits)
        for (const id of ids) {
          const k = `${c.ref}\u0000${id}`;
          const list = groups.get(k);
          if (list) list.push({ s, order });
          else groups.set(k, [{ s, order }]);
        }
    }
  });
  const used = new Set<VexStatement>();
  const out = findings.map((f) => {
    const ids = [f.advisory.id, ...f.advisory.aliases].map((x) => x.toUpperCase());
    const candidates = new Map<VexStatement, number>();
    for (const id of ids)
      for (const e of groups.get(`${f.component.bomRef}\u0000${id}`) ?? []) candidates.set(e.s, e.order);
    if (candidates.size === 0) return f;
    let best: { s: VexStatement; order: number } | undefined;
    for (const [s, order] of candidates) {
      if (!best) best = { s, order };
      else {
        const d = time(s) - time(best.s);
        if (d > 0 || (d === 0 && order > best.order)) best = { s, order };
      }
    }
    const s = (best as { s: VexStatement }).s;
    used.add(s);
    const vex: FindingVex = {
      status: s.status,
      sourceStatus: s.sourceStatus,
      ...(s.justification ? { justification: s.justification } : {}),
      ...(s.impactStatement ? { impactStatement: s.impactStatement } : {}),
      ...(s.actionStatement ? { actionStatement: s.actionStatement } : {}),
      ...(s.statusNotes ? { statusNotes: s.statusNotes } : {}),
      ...(s.author ? { author: s.author } : {}),
      ...(s.timestamp ? { timestamp: s.timestamp } : {}),
      format: s.format,
      ...(s.documentId ? { documentId: s.documentId } : {}),
      source: s.source,
      overrides: candidates.size - 1,
    };
    return { ...f, status: s.status, vex };
  });
  return { findings: out, problems, applied: used.size };
}
