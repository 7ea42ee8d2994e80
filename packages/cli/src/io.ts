/** Process exit codes of the `qmskit` command. */
export const ExitCode = {
  /** The command ran and every check passed. */
  OK: 0,
  /** The command ran and a check failed (invalid SBOM, broken audit chain, …). */
  CHECK_FAILED: 1,
  /** Usage error or unreadable input. */
  USAGE: 2,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Output formats a command may support. */
export type OutputFormat = "text" | "json" | "markdown" | "csv" | "ndjson";

/** The I/O the CLI uses; tests pass their own to capture output. */
export interface CliIO {
  /** Write to standard output (no newline is added). */
  readonly out: (text: string) => void;
  /** Write to standard error (no newline is added). */
  readonly err: (text: string) => void;
  /** Read all of standard input as text. */
  readonly readStdin: () => Promise<string>;
  /** True when standard error is an interactive terminal (progress bars are shown only then). */
  readonly isTTY: boolean;
}

/** The I/O of the running process. */
export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** Thrown inside a command to stop with a given exit code after printing `message` to stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message = "",
  ) {
    super(message);
    this.name = "CliExit";
  }
}
