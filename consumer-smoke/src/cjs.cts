import core = require("@qmskit/core");
import cli = require("@qmskit/cli");

export const guard: (v: unknown) => boolean = (v) => core.isQmsError(v);
export const usage: 2 = cli.ExitCode.USAGE;
