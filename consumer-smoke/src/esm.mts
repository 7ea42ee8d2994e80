import { QmsError, isQmsError, type QmsErrorCode } from "@qmskit/core";
import type { EventLog, StoredEvent } from "@qmskit/core";
import * as capa from "@qmskit/capa";
import * as cli from "@qmskit/cli";
import * as documents from "@qmskit/documents";
import * as risk from "@qmskit/risk";
import * as sbom from "@qmskit/sbom";
import * as storeSqlite from "@qmskit/store-sqlite";
import * as vuln from "@qmskit/vuln";
import * as workflow from "@qmskit/workflow";

const code: QmsErrorCode = "VALIDATION";
const e = new QmsError(code, "typed");
export const ok: boolean = isQmsError(e, "VALIDATION");
export type Loaded = [EventLog, StoredEvent];
export const modules: object[] = [capa, cli, documents, risk, sbom, storeSqlite, vuln, workflow];
export const exitOk: 0 = cli.ExitCode.OK;
