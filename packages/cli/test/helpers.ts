import type { CliIO } from "../src/io.js";
import { run } from "../src/program.js";

/** Run the CLI in-process with captured output. */
export async function runCli(
  args: string[],
  stdin = "",
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    out: (s) => (out += s),
    err: (s) => (err += s),
    readStdin: async () => stdin,
    isTTY: false,
  };
  const code = await run(["node", "qmskit", ...args], io);
  return { code, out, err };
}
