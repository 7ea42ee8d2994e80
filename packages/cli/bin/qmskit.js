#!/usr/bin/env node
// Thin launcher so the bin link exists before the first build; the CLI itself is dist/bin.js.
import "../dist/bin.js";
