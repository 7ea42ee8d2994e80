import { QmsError, isQmsError } from "@qmskit/core";
import { ExitCode, run } from "@qmskit/cli";

export async function main(): Promise<number> {
  try {
    throw new QmsError("NOT_FOUND", "no such record");
  } catch (error) {
    if (isQmsError(error, "NOT_FOUND")) return ExitCode.CHECK_FAILED;
  }
  return run(["node", "qmskit", "--version"]);
}
