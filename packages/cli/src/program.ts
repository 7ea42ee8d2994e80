import { isQmsError } from "@qmskit/core";
import { Command, CommanderError, Option } from "commander";
import { commandGroups } from "./commands/index.js";
import { CliExit, type CliIO, ExitCode, type ExitCodeValue, processIO } from "./io.js";
import { version } from "./version.js";

/** What every command receives besides its own arguments. */
export interface CommandContext {
  /** The process (or test) I/O. */
  readonly io: CliIO;
  /** The global `--format` value chosen by the user (default `text`). */
  readonly format: () => string;
  /** Extra self-check probes contributed by command groups. */
  readonly selfChecks: (() => Promise<{ check: string; ok: boolean; detail: string }>)[];
}

/**
 * Build the `qmskit` program. Command groups register themselves from `commands/`.
 *
 * @example
 * ```ts
 * const code = await run(["node", "qmskit", "--version"]);
 * ```
 */
export function createProgram(io: CliIO = processIO()): Command {
  const program = new Command("qmskit");
  const ctx: CommandContext = {
    io,
    format: () => String(program.opts().format ?? "text"),
    selfChecks: [],
  };
  program
    .description(
      "Compliance modules for medical-device software: audit trail, risk, CAPA, documents, SBOM, vulnerabilities",
    )
    .version(version, "-V, --version", "print the qmskit version")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "markdown", "csv", "ndjson"])
        .default("text"),
    )
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const register of commandGroups) register(program, ctx);
  for (const sub of program.commands)
    sub.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/**
 * Run the CLI with `argv` (as in `process.argv`) and return the exit code:
 * 0 ok, 1 a check failed, 2 usage or input error.
 */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<ExitCodeValue> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv]);
    return ExitCode.OK;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function exitCodeFor(error: unknown, io: CliIO): ExitCodeValue {
  if (error instanceof CliExit) {
    if (error.message) io.err(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride with exit code 0
    return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (isQmsError(error)) {
    io.err(`error [${error.code}]: ${error.message}\n`);
    return ExitCode.USAGE;
  }
  io.err(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.USAGE;
}
