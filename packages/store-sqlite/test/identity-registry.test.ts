import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IdentityRegistry, verifyEventLog } from "@qmskit/core";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteEventLog } from "../src/index.js";

const admin = { id: "u-admin", name: "Ira Admin", roles: ["it-admin"] };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("IdentityRegistry on SQLite", () => {
  it("P11-12: a deactivated user id stays bound after the database is reopened and is never issued again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qmskit-identities-"));
    dirs.push(dir);
    const path = join(dir, "events.sqlite");
    const first = SqliteEventLog.open(path);
    const identities = new IdentityRegistry({ log: first });
    await identities.register({ userId: "u-ada", personKey: "EMP-0042", name: "Ada Quality" }, admin);
    await identities.deactivate("u-ada", admin, "left the company");
    await first.close();

    const reopened = SqliteEventLog.open(path);
    const again = new IdentityRegistry({ log: reopened });
    expect(await again.get("u-ada")).toMatchObject({ personKey: "EMP-0042", status: "deactivated" });
    await expect(
      again.register({ userId: "u-ada", personKey: "EMP-0099", name: "Eve Other" }, admin),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      again.register({ userId: "u-ada-2", personKey: "EMP-0042", name: "Ada Quality" }, admin),
    ).resolves.toMatchObject({ status: "active" });
    expect((await verifyEventLog(reopened)).ok).toBe(true);
    await reopened.close();
  });
});
