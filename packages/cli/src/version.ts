import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The version of `@qmskit/cli`, read from its package.json. */
export const version: string = (require("../package.json") as { version: string }).version;
