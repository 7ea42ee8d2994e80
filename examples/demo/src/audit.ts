import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "@qmskit/cli";
import {
  type Actor,
  type Authenticator,
  contentHash,
  IdentityRegistry,
  isQmsError,
  SigningService,
  signatureManifestation,
  TestClock,
  verifyEventLog,
  verifySignature,
} from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";

const alice: Actor = { id: "u-alice", name: "Alice Author", roles: ["author"] };
const quinn: Actor = { id: "u-quinn", name: "Quinn QA", roles: ["qaApprover"] };
const ira: Actor = { id: "u-ira", name: "Ira Admin", roles: ["itAdmin"] };

/** The host's credential check; a real host asks its identity provider. The library never stores secrets. */
const authenticator: Authenticator = {
  verify: (userId, secret) => (userId === "u-quinn" && secret === "correct horse battery") || false,
};

/**
 * The audit-trail part of the README demo: writes a small hash-chained audit trail (a controlled document
 * with an e-signature and a refused signing attempt) to a SQLite file in `workDir`, verifies it, tampers with
 * the file through raw SQL, and shows verification catching the edit.
 */
export async function auditDemo(workDir: string): Promise<void> {
  console.log("== @qmskit/core + @qmskit/store-sqlite: the audit trail ==\n");
  const db = join(workDir, "audit-demo.sqlite");
  for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) rmSync(f);

  const clock = new TestClock("2026-02-02T08:30:00Z", { stepMs: 90_000 });
  const log = SqliteEventLog.open(db, { clock });
  const identities = new IdentityRegistry({ log });
  const signing = new SigningService({
    authenticator,
    log,
    clock,
    identities,
    securitySink: {
      raise: (e) => console.log(`  security sink <- ${e.type} for ${e.userId} after ${e.failures} failures`),
    },
  });

  // 1. A controlled document is created and revised; every change is an event in one hash chain.
  await log.append(
    "SOP-014",
    [
      {
        type: "document.created",
        data: { title: "Cleaning of the filling line", revision: "A" },
        actor: alice,
      },
    ],
    {
      expectedVersion: 0,
    },
  );
  await log.append(
    "SOP-014",
    [
      {
        type: "document.revised",
        data: { revision: "B", body: "Rinse twice with WFI." },
        actor: alice,
        reason: "CAPA-2026-007",
      },
    ],
    { expectedVersion: 1 },
  );
  const record = {
    recordId: "SOP-014",
    recordVersion: 2,
    content: { title: "Cleaning of the filling line", revision: "B", body: "Rinse twice with WFI." },
  };

  // 2. IT binds the user id u-quinn to Quinn (employee EMP-0107) for good; only that identity signs as u-quinn.
  await identities.register({ userId: quinn.id, personKey: "EMP-0107", name: quinn.name }, ira);
  // Quinn signs the approval: a wrong password first (refused and recorded), then the right one.
  const refused = await signing.sign({
    sessionId: "s-1",
    signer: quinn,
    userId: "u-quinn",
    secret: "wrong",
    meaning: "approval",
    record,
  });
  console.log(
    `Signing with a wrong password: refused (${refused.ok ? "?" : refused.reason}); the attempt is an audit event.`,
  );
  const signed = await signing.sign({
    sessionId: "s-1",
    signer: quinn,
    userId: "u-quinn",
    secret: "correct horse battery",
    meaning: "approval",
    record,
  });
  if (!signed.ok) throw new Error("demo signing failed");
  await log.append(
    "SOP-014",
    [
      {
        type: "document.approved",
        data: { status: "effective" },
        actor: quinn,
        signatures: [signed.signature],
      },
    ],
    {
      expectedVersion: 2,
    },
  );
  console.log(`Signed: ${signatureManifestation(signed.signature)}`);
  console.log(`  bound to SOP-014 v2, content hash ${signed.signature.contentHash.slice(0, 16)}…`);
  const impostor = await signing.sign({
    sessionId: "s-2",
    signer: { ...quinn, name: "Mallory Other" },
    userId: "u-quinn",
    secret: "correct horse battery",
    meaning: "approval",
    record,
  });
  console.log(
    `Someone else signing as u-quinn, even with the password: refused (${impostor.ok ? "?" : impostor.reason}).\n`,
  );

  // 3. A stale writer is refused rather than overwriting (optimistic concurrency).
  try {
    await log.append("SOP-014", [{ type: "document.revised", data: { revision: "C" }, actor: alice }], {
      expectedVersion: 2,
    });
  } catch (e) {
    if (isQmsError(e, "CONCURRENCY")) console.log(`A stale edit is refused: ${e.message}\n`);
    else throw e;
  }
  const trustedHead = await log.head();
  await log.close();

  // 4. Verify the file with the CLI, and look at the human-readable trail.
  console.log(`$ qmskit audit verify --db ${db}`);
  const ok = await run(["node", "qmskit", "audit", "verify", "--db", db]);
  console.log(`(exit code ${ok})\n`);
  console.log(`$ qmskit audit export --db ${db} --format markdown`);
  await run(["node", "qmskit", "audit", "export", "--db", db, "--format", "markdown"]);
  console.log();

  // 5. Someone with write access to the file edits the approved text with raw SQL.
  const raw = new SqliteEventLog(db).database;
  try {
    raw.exec(`UPDATE events SET type = type WHERE position = 2`);
  } catch (e) {
    console.log(`Raw UPDATE refused by the database: ${(e as Error).message}`);
  }
  console.log(
    'The attacker drops the append-only triggers and rewrites event 2 ("Rinse twice" -> "Rinse once").\n',
  );
  raw.exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");
  raw.exec(
    `UPDATE events SET canonical = CAST(replace(CAST(canonical AS TEXT), 'Rinse twice', 'Rinse once') AS BLOB) WHERE position = 2`,
  );
  raw.close();

  // 6. Verification catches it, and names the first broken link.
  console.log(`$ qmskit audit verify --db ${db}`);
  const broken = await run(["node", "qmskit", "audit", "verify", "--db", db]);
  console.log(`(exit code ${broken})\n`);
  const reopened = SqliteEventLog.open(db, { readonly: true });
  const result = await verifyEventLog(reopened, { head: trustedHead });
  const tamperedEvent = (await reopened.read("SOP-014"))[1];
  await reopened.close();
  if (!result.ok) console.log(`verifyEventLog: ${result.broken.kind} at position ${result.broken.position}`);
  const tamperedRecord = {
    ...record,
    content: { ...record.content, body: (tamperedEvent?.data as { body?: string })?.body },
  };
  const sigCheck = verifySignature(signed.signature, tamperedRecord);
  console.log(
    `Quinn's signature against the tampered text: ${sigCheck.ok ? "valid" : `fails (${sigCheck.reason})`}; content hash now ${contentHash(tamperedRecord.content).slice(0, 16)}…\n`,
  );
}
