// ESM consumer: every published package imports, exposes named exports, and core's error guard works
// across the ESM and CJS copies (the dual-package hazard, toolchain G15).
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const packages = require("./packages.cjs");
for (const name of packages) {
  const mod = await import(name);
  assert.ok(Object.keys(mod).length > 0, `${name} has no exports`);
  console.log(`esm ok  ${name} (${Object.keys(mod).length} exports)`);
}
const core = await import("@qmskit/core");
const coreCjs = require("@qmskit/core");
const err = new core.QmsError("VALIDATION", "probe");
assert.equal(core.isQmsError(err, "VALIDATION"), true);
assert.equal(err instanceof coreCjs.QmsError, false, "ESM and CJS classes differ (expected)");
assert.equal(coreCjs.isQmsError(err, "VALIDATION"), true, "isQmsError must work across module copies");
const cli = await import("@qmskit/cli");
assert.match(cli.version, /^\d+\.\d+\.\d+/);
console.log("esm ok  QmsError guard across ESM/CJS copies; cli version", cli.version);
