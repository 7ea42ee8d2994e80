/**
 * VEX format detection and file reading.
 */
import { readFile } from "node:fs/promises";
import { isCsaf, parseCsafVex } from "./csaf.js";
import { isCycloneDxVex, parseCycloneDxVex } from "./cyclonedx.js";
import type { VexLoad } from "./model.js";
import { isOpenVex, parseOpenVex } from "./openvex.js";

/**
 * Read a VEX document of any supported format (detected from its content): CycloneDX (a BOM with
 * `vulnerabilities`), OpenVEX (0.2.0 or legacy 0.0.1) or CSAF 2.0. Never throws for bad content.
 *
 * @example
 * ```ts
 * const { format, statements, problems } = parseVex(JSON.parse(text), "vex.json");
 * ```
 */
export function parseVex(value: unknown, file = "<input>"): VexLoad {
  if (isCsaf(value)) return parseCsafVex(value, file);
  if (isOpenVex(value)) return parseOpenVex(value, file);
  if (isCycloneDxVex(value)) return parseCycloneDxVex(value, file);
  return {
    statements: [],
    problems: [
      {
        file,
        pointer: "",
        code: "VEX_FORMAT",
        severity: "error",
        message: `${file}: not a recognised VEX document (expected CycloneDX with "vulnerabilities", OpenVEX with an openvex.dev @context, or CSAF with document.csaf_version)`,
      },
    ],
  };
}

/** Parse VEX text (JSON). Invalid JSON is a `VEX_JSON` problem. */
export function parseVexText(text: string, file = "<input>"): VexLoad {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      statements: [],
      problems: [
        {
          file,
          pointer: "",
          code: "VEX_JSON",
          severity: "error",
          message: `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        },
      ],
    };
  }
  return parseVex(value, file);
}

/** Read a VEX file. An unreadable file is a `VEX_READ` problem. */
export async function readVex(path: string): Promise<VexLoad> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return {
      statements: [],
      problems: [
        {
          file: path,
          pointer: "",
          code: "VEX_READ",
          severity: "error",
          message: `${path}: cannot read (${e instanceof Error ? e.message : String(e)})`,
        },
      ],
    };
  }
  return parseVexText(text, path);
}
