import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventLogConformanceSuite } from "@qmskit/core/testing";
import { SqliteEventLog } from "../src/index.js";

eventLogConformanceSuite("sqlite file", (options) => {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-sqlite-"));
  const path = join(dir, "events.sqlite");
  return {
    log: SqliteEventLog.open(path, options),
    reopen: () => SqliteEventLog.open(path, options),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});

eventLogConformanceSuite(
  "sqlite :memory:",
  (options) => ({ log: SqliteEventLog.open(":memory:", options) }),
  {
    largeStreamSize: 2000,
  },
);
