import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM + CJS with matching `.d.ts`/`.d.cts`, for Node ≥ 20.19.
 * Dependencies stay external; `sideEffects: false` in each package.json lets bundlers tree-shake.
 */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
