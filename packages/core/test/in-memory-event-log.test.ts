import { InMemoryEventLog } from "../src/index.js";
import { eventLogConformanceSuite } from "../src/testing.js";

eventLogConformanceSuite("in-memory", (options) => ({ log: new InMemoryEventLog(options) }));
