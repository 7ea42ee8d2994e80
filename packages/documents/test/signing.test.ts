import { SigningService } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { DocumentService } from "../src/index.js";
import { config, ok, people, setup } from "./fixtures.js";

describe("signing through core's SigningService", () => {
  it("P11-14: approvals re-verify the signer's secret; a bad or missing secret is refused and audited", async () => {
    const { log, blobs, clock } = setup();
    const raised: string[] = [];
    const signing = new SigningService({
      authenticator: { verify: (userId, secret) => secret === `pw-${userId}` },
      log,
      securitySink: { raise: (e) => void raised.push(e.type) },
      clock,
    });
    let n = 0;
    const docs = new DocumentService({ log, blobs, clock, ids: { next: () => `s${++n}` }, config, signing });
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "SOP-7", title: "T", docType: "SOP", content: "x" }),
    );
    ok(await docs.submitForReview(people.author, { docId: "SOP-7", revisionId }));
    const noCreds = await docs.approveRevision(people.owner, { docId: "SOP-7", revisionId, slotId: "owner" });
    expect(!noCreds.ok && noCreds.rejection).toMatchObject({ code: "FORBIDDEN", requirement: "P11-14" });
    const wrong = await docs.approveRevision(people.owner, {
      docId: "SOP-7",
      revisionId,
      slotId: "owner",
      credentials: { sessionId: "sess-1", userId: "u-owner", secret: "guess" },
    });
    expect(!wrong.ok && wrong.rejection.requirement).toBe("P11-14");
    const signed = ok(
      await docs.approveRevision(people.owner, {
        docId: "SOP-7",
        revisionId,
        slotId: "owner",
        credentials: { sessionId: "sess-1", userId: "u-owner", secret: "pw-u-owner" },
      }),
    );
    expect(signed.signature).toMatchObject({
      signerId: "u-owner",
      meaning: "approval",
      recordId: `SOP-7@${revisionId}`,
    });
    expect((await docs.verifyDocument("SOP-7")).length).toBe(0);
    expect((await docs.history("SOP-7")).rejections.map((r) => r.requirement)).toEqual(["P11-14", "P11-14"]);
  });
});
