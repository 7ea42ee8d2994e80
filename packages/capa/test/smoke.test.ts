import { describe, expect, it } from "vitest";
import { approver, capaToEffective, dissemination, harness, ok, owner } from "./support.js";

describe("smoke", () => {
  it("runs", async () => {
    const h = harness();
    const id = await capaToEffective(h);
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    const s = ok(await h.run(id, "close", {}, approver, { sign: "approval" }));
    expect(s.status).toBe("closed");
  });
});
