/**
 * Verifying a whole `EventLog` page by page, without loading it into memory at once.
 *
 * @packageDocumentation
 */
import { ValidationError } from "./errors.js";
import { type ChainVerification, EMPTY_HEAD, verifyChain } from "./hash-chain.js";
import type { ChainHead, EventLog } from "./ports.js";

/** Options of {@link verifyEventLog}. */
export interface VerifyEventLogOptions {
  /** Events read per page (default 10,000). */
  readonly pageSize?: number;
  /** Trusted head to check against (default: the log's own head). */
  readonly head?: ChainHead;
}

/**
 * Reads the whole log in global order, page by page, and verifies the hash chain against the head (the
 * log's own, or a trusted copy). Returns the first broken link, like {@link verifyChain}.
 *
 * @requirement P11-03
 * @example
 * ```ts
 * const r = await verifyEventLog(log);
 * if (!r.ok) console.error(`broken at ${r.broken.position}: ${r.broken.kind}`);
 * ```
 */
export async function verifyEventLog(
  log: EventLog,
  options: VerifyEventLogOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 10_000;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new ValidationError("pageSize must be a positive integer");
  const head = options.head ?? (await log.head());
  let after: ChainHead = EMPTY_HEAD;
  let checked = 0;
  let from = 1;
  for (;;) {
    const page = await log.readAll({ fromPosition: from, limit: pageSize });
    if (page.length === 0) break;
    const r = verifyChain(page, { after });
    if (!r.ok)
      return {
        ok: false,
        checked: checked + r.checked,
        broken: { ...r.broken, index: checked + r.broken.index },
      };
    checked += r.checked;
    after = r.head;
    from = page[page.length - 1]!.position + 1;
    if (page.length < pageSize) break;
  }
  const end = verifyChain([], { after, head });
  if (!end.ok) return { ok: false, checked, broken: { ...end.broken, index: checked } };
  return { ok: true, checked, head: after };
}
