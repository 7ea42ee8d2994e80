/**
 * `@qmskit/cli`: the `qmskit` command. Import it to embed the CLI or to test commands.
 *
 * @packageDocumentation
 */

export type { CliIO, ExitCodeValue, OutputFormat } from "./io.js";
export { CliExit, ExitCode, processIO } from "./io.js";
export { progress, renderCsv, renderMarkdownTable, renderTable, requireFormat, toJson } from "./output.js";
export type { CommandContext } from "./program.js";
export { createProgram, run } from "./program.js";
export { version } from "./version.js";
