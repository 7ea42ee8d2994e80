/** Locates the shared conformance data in place (never copied into the package). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CONFORMANCE = fileURLToPath(new URL("../../../../shared/conformance/", import.meta.url));

export function conformanceFile(relative: string): Buffer {
  return readFileSync(join(CONFORMANCE, relative));
}

export function conformanceJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(conformanceFile(relative).toString("utf8")) as T;
}

/** Files under a conformance folder (relative paths), recursively, filtered by extension. */
export function conformanceFiles(folder: string, ext = ".json"): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(CONFORMANCE, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (statSync(join(CONFORMANCE, r)).isDirectory()) walk(r);
      else if (name.endsWith(ext)) out.push(r);
    }
  };
  walk(folder);
  return out;
}
