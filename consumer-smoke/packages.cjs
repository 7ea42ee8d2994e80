// The @qmskit packages installed in this consumer, read from node_modules.
const fs = require("node:fs");
const path = require("node:path");
const dir = path.join(__dirname, "node_modules", "@qmskit");
module.exports = fs.readdirSync(dir).map((name) => `@qmskit/${name}`);
