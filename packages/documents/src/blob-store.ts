import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EventLog, isQmsError, QmsError } from "@qmskit/core";

/** A SHA-256 digest as 64 lowercase hex characters. */
export type ContentHash = string;

const HASH_RE = /^[0-9a-f]{64}$/;

/** SHA-256 (hex) of raw bytes: the address of a blob. */
export function hashBytes(bytes: Uint8Array): ContentHash {
  return createHash("sha256").update(bytes).digest("hex");
}

/** True when `value` is a well-formed content hash (64 lowercase hex characters). */
export function isContentHash(value: unknown): value is ContentHash {
  return typeof value === "string" && HASH_RE.test(value);
}

function requireHash(hash: string): void {
  if (!isContentHash(hash))
    throw new QmsError("VALIDATION", `"${String(hash).slice(0, 80)}" is not a SHA-256 content hash`, {
      details: { hash: String(hash).slice(0, 80) },
    });
}

/**
 * Check that `bytes` hash to `expected`; throws an `INTEGRITY` error naming both hashes otherwise.
 *
 * @requirement DOC-12
 */
export function verifyBlob(expected: ContentHash, bytes: Uint8Array): Uint8Array {
  const actual = hashBytes(bytes);
  if (actual !== expected)
    throw new QmsError(
      "INTEGRITY",
      `Stored content ${expected} fails verification: its bytes now hash to ${actual}. Restore it from a backup.`,
      { details: { expected, actual } },
    );
  return bytes;
}

/**
 * Content-addressed storage for document content (bring your own: S3, a database, a folder).
 * Implementations store bytes under their SHA-256 and must never change stored bytes.
 * {@link BlobStore.get} returns bytes already verified against the hash (DOC-12).
 */
export interface BlobStore {
  /** Store bytes; returns their SHA-256. Storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<ContentHash>;
  /** The verified bytes. `NOT_FOUND` when absent, `INTEGRITY` when the stored bytes no longer match. */
  get(hash: ContentHash): Promise<Uint8Array>;
  /** True when a blob with this hash is stored. */
  has(hash: ContentHash): Promise<boolean>;
  /**
   * Remove a blob, when the store supports it (a purge after retention, DOC-13). Stores that cannot
   * delete (an append-only log) throw `UNSUPPORTED`.
   */
  delete(hash: ContentHash): Promise<void>;
}

function notFound(hash: string): QmsError {
  return new QmsError("NOT_FOUND", `No content is stored under ${hash}`, { details: { hash } });
}

/**
 * A {@link BlobStore} in memory, for tests and short-lived hosts.
 *
 * @example
 * ```ts
 * const blobs = new InMemoryBlobStore();
 * const hash = await blobs.put(new TextEncoder().encode("SOP text"));
 * ```
 */
export class InMemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array): Promise<ContentHash> {
    const hash = hashBytes(bytes);
    if (!this.#blobs.has(hash)) this.#blobs.set(hash, Uint8Array.from(bytes));
    return hash;
  }

  async get(hash: ContentHash): Promise<Uint8Array> {
    requireHash(hash);
    const bytes = this.#blobs.get(hash);
    if (!bytes) throw notFound(hash);
    return verifyBlob(hash, Uint8Array.from(bytes));
  }

  async has(hash: ContentHash): Promise<boolean> {
    return isContentHash(hash) && this.#blobs.has(hash);
  }

  async delete(hash: ContentHash): Promise<void> {
    requireHash(hash);
    this.#blobs.delete(hash);
  }

  /** Test helper: overwrite stored bytes in place, to prove that verification detects it. */
  corruptForTesting(hash: ContentHash, bytes: Uint8Array): void {
    this.#blobs.set(hash, Uint8Array.from(bytes));
  }
}

/**
 * A {@link BlobStore} in a folder: one file per blob at `<root>/<hash[0..2]>/<hash>`, written to a temporary
 * file and renamed, so a crash never leaves a half-written blob under its hash.
 *
 * @example
 * ```ts
 * const blobs = new FileSystemBlobStore("/var/lib/qms/blobs");
 * ```
 */
export class FileSystemBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  #path(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash);
  }

  async put(bytes: Uint8Array): Promise<ContentHash> {
    const hash = hashBytes(bytes);
    const path = this.#path(hash);
    if (await this.has(hash)) return hash;
    await mkdir(join(this.root, hash.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, bytes, { flag: "wx" });
    await rename(tmp, path);
    return hash;
  }

  async get(hash: ContentHash): Promise<Uint8Array> {
    requireHash(hash);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(this.#path(hash)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw notFound(hash);
      throw error;
    }
    return verifyBlob(hash, bytes);
  }

  async has(hash: ContentHash): Promise<boolean> {
    if (!isContentHash(hash)) return false;
    try {
      return (await stat(this.#path(hash))).isFile();
    } catch {
      return false;
    }
  }

  async delete(hash: ContentHash): Promise<void> {
    requireHash(hash);
    await rm(this.#path(hash), { force: true });
  }
}

/** Stream that holds the blob with this hash in an {@link EventLogBlobStore}. */
export function blobStreamId(hash: ContentHash): string {
  return `blob:${hash}`;
}

/** Event type under which {@link EventLogBlobStore} keeps one chunk of content. */
export const BLOB_CHUNK = "blob.chunk";

const SYSTEM_ACTOR = { id: "system:documents", name: "qmskit documents", roles: [] } as const;

/**
 * A {@link BlobStore} that keeps content inside the event log itself: one stream per blob
 * (`blob:<sha256>`) holding the bytes in base64 chunks (512 KiB each, under the log's event-size limit),
 * appended in one atomic call. Content then lives in the same database as the records (a single SQLite file
 * carries both, which the CLI relies on) and is covered by the log's hash chain. The log is append-only, so
 * {@link EventLogBlobStore.delete} is `UNSUPPORTED`: a purge there is a tombstone event only.
 */
export class EventLogBlobStore implements BlobStore {
  constructor(
    readonly log: EventLog,
    readonly options: { readonly maxBytes?: number; readonly chunkBytes?: number } = {},
  ) {}

  async put(bytes: Uint8Array): Promise<ContentHash> {
    const maxBytes = this.options.maxBytes ?? 64 * 1024 * 1024;
    const chunkBytes = this.options.chunkBytes ?? 512 * 1024;
    if (bytes.byteLength > maxBytes)
      throw new QmsError(
        "LIMIT_EXCEEDED",
        `Content of ${bytes.byteLength} bytes exceeds the ${maxBytes}-byte limit of this blob store`,
      );
    const hash = hashBytes(bytes);
    if (await this.has(hash)) return hash;
    const count = Math.max(1, Math.ceil(bytes.byteLength / chunkBytes));
    const events = Array.from({ length: count }, (_, i) => ({
      type: BLOB_CHUNK,
      data: {
        hash,
        size: bytes.byteLength,
        index: i,
        count,
        base64: Buffer.from(bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)).toString("base64"),
      },
      actor: SYSTEM_ACTOR,
    }));
    try {
      await this.log.append(blobStreamId(hash), events, { expectedVersion: 0 });
    } catch (error) {
      // another writer stored the same bytes first: content addressing makes that a success
      if (!isQmsError(error, "CONCURRENCY")) throw error;
    }
    return hash;
  }

  async get(hash: ContentHash): Promise<Uint8Array> {
    requireHash(hash);
    const events = await this.log.read(blobStreamId(hash));
    if (events.length === 0) throw notFound(hash);
    const parts: Buffer[] = [];
    for (const event of events) {
      const data = event.data as { base64?: unknown } | undefined;
      if (event.type !== BLOB_CHUNK || typeof data?.base64 !== "string")
        throw new QmsError("INTEGRITY", `Blob stream of ${hash} holds an unexpected event`, {
          details: { hash, type: event.type },
        });
      parts.push(Buffer.from(data.base64, "base64"));
    }
    return verifyBlob(hash, new Uint8Array(Buffer.concat(parts)));
  }

  async has(hash: ContentHash): Promise<boolean> {
    return isContentHash(hash) && (await this.log.streamVersion(blobStreamId(hash))) > 0;
  }

  async delete(hash: ContentHash): Promise<void> {
    requireHash(hash);
    throw new QmsError(
      "UNSUPPORTED",
      "Content kept in the append-only event log cannot be deleted; the purge is recorded as a tombstone",
    );
  }
}
