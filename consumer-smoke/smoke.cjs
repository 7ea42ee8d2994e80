// CJS consumer: every published package can be required.
const assert = require("node:assert/strict");
const packages = require("./packages.cjs");
for (const name of packages) {
  const mod = require(name);
  assert.ok(Object.keys(mod).length > 0, `${name} has no exports`);
  console.log(`cjs ok  ${name} (${Object.keys(mod).length} exports)`);
}
const { QmsError, isQmsError } = require("@qmskit/core");
assert.equal(isQmsError(new QmsError("NOT_FOUND", "probe"), "NOT_FOUND"), true);

