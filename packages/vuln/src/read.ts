/**
 * Reading advisories from the file system: a directory (recursively), one JSON file (a record or an
 * array of records) or a `.zip` as the OSV project distributes per ecosystem
 * (`https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip`).
 *
 * @requirement SOUP-03 every published anomaly list given is read; one bad file never hides the others
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { unzipSync } from "fflate";
import { nswgToOsv } from "./nswg.js";
import { type Advisory, type AdvisoryLoad, type AdvisoryProblem, parseAdvisoryText } from "./osv.js";

/** Options of {@link readAdvisories} and {@link parseAdvisoryZip}. */
export interface ReadAdvisoriesOptions {
  /** Largest file (or uncompressed zip entry) accepted, in bytes. Default 256 MiB. */
  readonly maxFileBytes?: number;
  /** Convert Node.js Security WG npm advisories to OSV (default true). */
  readonly convertNswg?: boolean;
}

const DEFAULT_MAX = 256 * 1024 * 1024;

/**
 * Read the JSON entries of an OSV zip. Entries larger than `maxFileBytes` (zip bombs) and entries
 * that are not JSON are skipped with a problem.
 */
export function parseAdvisoryZip(
  bytes: Uint8Array,
  name: string,
  options: ReadAdvisoriesOptions = {},
): AdvisoryLoad {
  const max = options.maxFileBytes ?? DEFAULT_MAX;
  const problems: AdvisoryProblem[] = [];
  const advisories: Advisory[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.toLowerCase().endsWith(".json")) return false;
        if (f.originalSize > max) {
          problems.push({
            file: `${name}!${f.name}`,
            pointer: "",
            code: "OSV_ZIP",
            severity: "error",
            message: `${name}!${f.name}: entry of ${f.originalSize} bytes exceeds the ${max}-byte limit; skipped`,
          });
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    problems.push({
      file: name,
      pointer: "",
      code: "OSV_ZIP",
      severity: "error",
      message: `${name}: not a readable zip archive (${e instanceof Error ? e.message : String(e)})`,
    });
    return { advisories, problems };
  }
  const decoder = new TextDecoder();
  const convert = options.convertNswg === false ? undefined : nswgToOsv;
  for (const entry of Object.keys(entries).sort()) {
    const r = parseAdvisoryText(decoder.decode(entries[entry]), `${name}!${entry}`, convert);
    advisories.push(...r.advisories);
    problems.push(...r.problems);
  }
  return { advisories, problems };
}

async function listJsonFiles(dir: string, out: string[], depth: number): Promise<void> {
  if (depth > 32) return;
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) await listJsonFiles(full, out, depth + 1);
    else if (e.isFile() && (e.name.endsWith(".json") || e.name.endsWith(".zip"))) out.push(full);
  }
}

/**
 * Read advisories from a directory (every `*.json` and `*.zip`, recursively), a JSON file or a zip.
 * Never throws for bad content: unreadable files, invalid JSON and invalid records are returned in
 * `problems`, and the other files are still read. A directory of Node.js Security WG advisories is
 * converted to OSV (its `index.json`, a map of all records, is skipped).
 *
 * @example
 * ```ts
 * const { advisories, problems } = await readAdvisories("osv/npm.zip");
 * ```
 */
export async function readAdvisories(
  path: string,
  options: ReadAdvisoriesOptions = {},
): Promise<AdvisoryLoad> {
  const max = options.maxFileBytes ?? DEFAULT_MAX;
  const advisories: Advisory[] = [];
  const problems: AdvisoryProblem[] = [];
  let files: string[];
  let base = "";
  try {
    const s = await stat(path);
    if (s.isDirectory()) {
      files = [];
      await listJsonFiles(path, files, 0);
      base = path;
    } else files = [path];
  } catch (e) {
    problems.push({
      file: path,
      pointer: "",
      code: "OSV_READ",
      severity: "error",
      message: `${path}: cannot read (${e instanceof Error ? e.message : String(e)})`,
    });
    return { advisories, problems };
  }
  const convert = options.convertNswg === false ? undefined : nswgToOsv;
  for (const file of files) {
    const name = base ? relative(base, file) : file;
    try {
      const s = await stat(file);
      if (s.size > max) {
        problems.push({
          file: name,
          pointer: "",
          code: "OSV_READ",
          severity: "error",
          message: `${name}: ${s.size} bytes exceeds the ${max}-byte limit; skipped`,
        });
        continue;
      }
      const bytes = await readFile(file);
      if (file.toLowerCase().endsWith(".zip")) {
        const r = parseAdvisoryZip(bytes, name, options);
        advisories.push(...r.advisories);
        problems.push(...r.problems);
        continue;
      }
      const text = bytes.toString("utf8");
      if (base && name === "index.json" && isNswgIndex(text)) continue;
      const r = parseAdvisoryText(text, name, convert);
      advisories.push(...r.advisories);
      problems.push(...r.problems);
    } catch (e) {
      problems.push({
        file: name,
        pointer: "",
        code: "OSV_READ",
        severity: "error",
        message: `${name}: cannot read (${e instanceof Error ? e.message : String(e)})`,
      });
    }
  }
  return { advisories, problems };
}

function isNswgIndex(text: string): boolean {
  // The WG's index.json is one object keyed by advisory number whose values are the same records.
  return /^\s*\{\s*"\d+"\s*:\s*\{/.test(text.slice(0, 200));
}
