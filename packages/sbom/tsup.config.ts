import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // tsup 8.5 injects baseUrl into the dts compiler options; TypeScript 6 rejects it without this (toolchain G2).
  dts: { compilerOptions: { ignoreDeprecations: "6.0", customConditions: [] } },
  sourcemap: true,
  clean: true,
  target: "node20",
  treeshake: true,
  // src/schemas.ts locates the shipped schemas with import.meta.url; shim it in the CJS build.
  shims: true,
});
