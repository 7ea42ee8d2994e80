import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  createSignature,
  fixedClock,
  type Signature,
  signatureManifestation,
  verifySignature,
} from "../src/index.js";

const signer: Actor = { id: "u-7", name: "Grace Reviewer", roles: ["approver"] };
const clock = fixedClock("2026-03-01T09:30:00.000Z");
const record = {
  recordId: "doc-7",
  recordVersion: 3,
  content: { title: "SOP-001", body: "Clean the bench.", rev: "C" },
};

describe("electronic signatures", () => {
  it("P11-10: a signature holds signer id, printed name, meaning, server time, record id, version and content hash", () => {
    const sig = createSignature(signer, "approval", record, { clock });
    expect(sig).toEqual({
      signerId: "u-7",
      printedName: "Grace Reviewer",
      meaning: "approval",
      signedAt: "2026-03-01T09:30:00.000Z",
      recordId: "doc-7",
      recordVersion: 3,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(Object.isFrozen(sig)).toBe(true);
  });

  it("P11-10: the manifestation shows printed name, date and time with zone, and meaning", () => {
    const sig = createSignature(signer, "approval", record, { clock });
    expect(signatureManifestation(sig)).toBe("Grace Reviewer (u-7), approval, 2026-03-01 09:30:00 UTC");
    expect(signatureManifestation(sig, { timeZone: "Europe/Berlin" })).toBe(
      "Grace Reviewer (u-7), approval, 2026-03-01 10:30:00 GMT+1 (Europe/Berlin)",
    );
  });

  it("P11-11: verifySignature passes for the signed version and fails after any content change", () => {
    const sig = createSignature(signer, "approval", record, { clock });
    expect(verifySignature(sig, record)).toEqual({ ok: true, sealed: false });
    // key order does not matter (canonical content)
    expect(
      verifySignature(sig, { ...record, content: { rev: "C", body: "Clean the bench.", title: "SOP-001" } })
        .ok,
    ).toBe(true);
    const changed = { ...record, content: { ...record.content, body: "Clean the bench twice." } };
    expect(verifySignature(sig, changed)).toMatchObject({ ok: false, reason: "content-changed" });
  });

  it("P11-11: a signature moved to another record or version fails", () => {
    const sig = createSignature(signer, "approval", record, { clock });
    expect(verifySignature(sig, { ...record, recordId: "doc-8" })).toMatchObject({
      ok: false,
      reason: "wrong-record",
    });
    expect(verifySignature(sig, { ...record, recordVersion: 4 })).toMatchObject({
      ok: false,
      reason: "wrong-version",
    });
    // editing the link inside the signature to point at the other record breaks the content hash check
    const moved: Signature = { ...sig, recordId: "doc-8" };
    expect(
      verifySignature(moved, { recordId: "doc-8", recordVersion: 3, content: { other: true } }),
    ).toMatchObject({
      ok: false,
      reason: "content-changed",
    });
  });

  it("P11-11: an Ed25519 seal with the host key detects an altered signature", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const sig = createSignature(signer, "approval", record, { clock, seal: { keyId: "host-1", privateKey } });
    expect(sig.seal).toMatchObject({ alg: "Ed25519", keyId: "host-1" });
    const keys = { publicKey: (id: string) => (id === "host-1" ? publicKey : undefined) };
    expect(verifySignature(sig, record, keys)).toEqual({ ok: true, sealed: true });
    // relabel the meaning, or forge the signer, and the seal no longer matches
    expect(verifySignature({ ...sig, meaning: "review" }, record, keys)).toMatchObject({
      ok: false,
      reason: "seal-invalid",
    });
    expect(verifySignature({ ...sig, printedName: "Mallory" }, record, keys)).toMatchObject({
      ok: false,
      reason: "seal-invalid",
    });
    // a transplanted seal from another signature fails too
    const other = createSignature(signer, "review", record, { clock, seal: { keyId: "host-1", privateKey } });
    expect(verifySignature({ ...sig, seal: other.seal! }, record, keys)).toMatchObject({
      ok: false,
      reason: "seal-invalid",
    });
    expect(verifySignature(sig, record, { publicKey: () => undefined })).toMatchObject({
      ok: false,
      reason: "seal-unknown-key",
    });
    const { seal: _s, ...unsealed } = sig;
    expect(verifySignature(unsealed, record, { ...keys, requireSeal: true })).toMatchObject({
      ok: false,
      reason: "seal-missing",
    });
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(
      createSignature(signer, "approval", record, { clock, seal: { keyId: "host-1", privateKey: pem } }).seal
        ?.value,
    ).toBe(sig.seal?.value);
  });

  it("rejects a non-Ed25519 seal key and malformed signatures without throwing on verify", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() =>
      createSignature(signer, "approval", record, { clock, seal: { keyId: "k", privateKey } }),
    ).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(() => createSignature(signer, "", record, { clock })).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
    for (const junk of [null, {}, { signerId: 1 }, "x"]) {
      expect(verifySignature(junk as unknown as Signature, record)).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    }
  });
});
