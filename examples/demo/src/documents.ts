// Document control on SQLite: issue an SOP, change it through a change order, print the change history.
import { type Actor, defaultIdGenerator, TestClock } from "@qmskit/core";
import {
  type CommandResult,
  DocumentService,
  EventLogBlobStore,
  renderHistoryMarkdown,
} from "@qmskit/documents";
import { SqliteEventLog } from "@qmskit/store-sqlite";

const author: Actor = { id: "u-ada", name: "Ada Author", roles: ["author"] };
const owner: Actor = { id: "u-otto", name: "Otto Owner", roles: ["process-owner"] };
const qa: Actor = { id: "u-quinn", name: "Quinn QA", roles: ["qa"] };
const ccb: Actor = { id: "u-cora", name: "Cora CCB", roles: ["ccb"] };
const operator: Actor = { id: "u-oskar", name: "Oskar Operator", roles: ["operator"] };

function must<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new Error(`${result.rejection.requirement}: ${result.rejection.message}`);
  return result.value;
}

/**
 * Issue SOP-014 (revision A), change it through a change order that releases revision B, and print the
 * history an auditor reads, plus the diff A → B. Content lives in the same SQLite file as the events
 * (`EventLogBlobStore`), so `qmskit docs history SOP-014 --db <file>` prints the same report afterwards.
 */
export async function documentsDemo(dbFile: string): Promise<void> {
  // a settable clock so the demo shows a week passing between the issue and the change
  const clock = new TestClock("2026-03-02T08:30:00Z");
  const log = SqliteEventLog.open(dbFile, { clock });
  try {
    const docs = new DocumentService({
      log,
      blobs: new EventLogBlobStore(log),
      clock,
      ids: defaultIdGenerator,
      config: {
        timeZone: "Europe/Berlin",
        documentTypes: [
          {
            id: "SOP",
            name: "Standard operating procedure",
            authorRoles: ["author"],
            approvalSlots: [
              { id: "owner", title: "Process owner approval", roles: ["process-owner"] },
              { id: "qa", title: "Quality Assurance approval", roles: ["qa"] },
            ],
            revisionScheme: "letters",
            reviewIntervalMonths: 24,
            retention: { deviceLifetimeYears: 10 },
            training: [{ role: "operator", kind: "training", dueInDays: 14 }],
          },
        ],
        changeOrders: {
          approvalSlots: [{ id: "ccb", title: "Change control board", roles: ["ccb"] }],
          originatorRoles: ["author"],
        },
        reviewerRoles: ["qa"],
        documentControlRoles: ["doc-control"],
      },
    });

    const approveAndRelease = async (revisionId: string, title: string, description: string) => {
      must(await docs.approveRevision(owner, { docId: "SOP-014", revisionId, slotId: "owner" }));
      must(await docs.approveRevision(qa, { docId: "SOP-014", revisionId, slotId: "qa" }));
      const co = must(
        await docs.openChangeOrder(author, {
          kind: "DCO",
          title,
          description,
          affected: [{ docId: "SOP-014", action: "release", revisionId }],
        }),
      );
      return must(await docs.approveChangeOrder(ccb, { changeOrderId: co.changeOrderId, slotId: "ccb" }));
    };

    const a = must(
      await docs.createDocument(author, {
        docId: "SOP-014",
        title: "Line clearance before filling",
        docType: "SOP",
        content:
          "1. Remove all materials of the previous batch.\n2. Check the line is empty.\n3. Sign the batch record.\n",
        mediaType: "text/markdown; charset=utf-8",
      }),
    );
    must(await docs.submitForReview(author, { docId: "SOP-014", revisionId: a.revisionId }));
    await approveAndRelease(a.revisionId, "Issue SOP-014", "First issue of the line clearance procedure");
    console.log(`issued SOP-014 revision ${(await docs.getEffective("SOP-014"))?.label}`);

    // an operator may not approve: the refusal is returned and recorded in the audit trail
    clock.advance({ days: 7 });
    const b = must(
      await docs.reviseDocument(author, {
        docId: "SOP-014",
        content:
          "1. Remove all materials of the previous batch.\n2. Check the line is empty, including the reject bin.\n3. Second person verifies.\n4. Sign the batch record.\n",
        reason: "CAPA-2026-031: label mix-up from the reject bin",
      }),
    );
    must(await docs.submitForReview(author, { docId: "SOP-014", revisionId: b.revisionId }));
    const refused = await docs.approveRevision(operator, {
      docId: "SOP-014",
      revisionId: b.revisionId,
      slotId: "qa",
    });
    if (!refused.ok) console.log(`refused: ${refused.rejection.requirement} ${refused.rejection.message}`);
    await approveAndRelease(
      b.revisionId,
      "Line clearance: check the reject bin",
      "Adds the reject bin to the clearance check and a second-person verification (CAPA-2026-031)",
    );
    const now = await docs.getEffective("SOP-014");
    console.log(`SOP-014 is now at revision ${now?.label}, effective ${now?.effectiveDate}; tasks:`);
    for (const t of await docs.openTasks()) console.log(`  ${t.kind} for ${t.role}, due ${t.dueAt}`);

    console.log(`\n${renderHistoryMarkdown(await docs.history("SOP-014"))}`);
    console.log((await docs.diff("SOP-014", "A", "B")).patch);
  } finally {
    await log.close();
  }
}
