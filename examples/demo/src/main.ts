import { run } from "@qmskit/cli";

// The demo grows as packages land; for now it shows the CLI and its self-check.
console.log("== qmskit demo ==\n");
await run(["node", "qmskit", "--help"]);
const code = await run(["node", "qmskit", "self-check"]);
process.exitCode = code;
