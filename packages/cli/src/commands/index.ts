import type { Command } from "commander";
import type { CommandContext } from "../program.js";
import { registerAudit } from "./audit.js";
import { registerCapa } from "./capa.js";
import { registerDocs } from "./docs.js";
import { registerRisk } from "./risk.js";
import { registerSbom } from "./sbom.js";
import { registerSelfCheck } from "./self-check.js";
import { registerVuln } from "./vuln.js";
import { registerWorkflow } from "./workflow.js";

/** Every command group of the CLI; each package's commands live in their own file here. */
export const commandGroups: readonly ((program: Command, ctx: CommandContext) => void)[] = [
  registerSelfCheck,
  registerAudit,
  registerRisk,
  registerSbom,
  registerWorkflow,
  registerCapa,
  registerDocs,
  registerVuln,
];
