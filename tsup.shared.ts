import { defineConfig } from "tsup";

/**
 * The build every published package uses: ESM + CJS with `.d.ts`/`.d.cts`, for Node 20.
 * Each package's `tsup.config.ts` passes only its entry points.
 */
export function packageBuild(entry: string[]) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    // tsup 8.5 injects baseUrl into the dts compiler options; TypeScript 6 rejects it without this (toolchain G2).
    // customConditions is cleared so declarations come from each package's own sources, not its dependencies'.
    dts: { compilerOptions: { ignoreDeprecations: "6.0", customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: "node20",
    treeshake: true,
  });
}
