import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM + CJS with matching `.d.ts`/`.d.cts`, for Node ≥ 20.19.
 * `sideEffects: false` in each package.json lets bundlers tree-shake.
 *
 * The ESM output keeps every dependency external. The CommonJS output is CommonJS all the way down: the
 * dependencies that ship ESM only (ky, p-retry, … — found by reading each dependency's
 * package.json, so a new one is caught without editing this file) are bundled into the `.cjs` files,
 * together with their own ESM-only dependencies. Without that, the `.cjs` files `require` ESM and work
 * only where Node's require-of-ESM applies — not under Jest, older bundlers or ts-node. Dependencies that
 * can be `require`d (zod, saxes, big.js, …) stay external in both outputs. The size this costs is in
 * docs/packaging.md.
 */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}) {
  const packageDir = process.cwd();
  // tsup's own `clean` would race: the two builds below run concurrently and each would delete the other's
  // files (its declaration step removes every `.d.ts` and `.d.cts`). The config is evaluated once, before
  // either build starts, so the output folder is emptied here instead.
  rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
  const shared: Options = {
    entry,
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
  };
  // A package may ask for one format only (`{ format: ['esm'] }`); each format still gets its own build.
  const { format = ['esm', 'cjs'], ...rest } = overrides;
  const formats = Array.isArray(format) ? format : [format];
  return defineConfig(
    formats.map((one): Options =>
      one === 'cjs'
        ? { ...shared, format: ['cjs'], ...rest, noExternal: [...esmOnlyDependencies(packageDir), ...(rest.noExternal ?? [])] }
        : { ...shared, format: [one], ...rest },
    ),
  );
}

/** The runtime dependencies of the package in `packageDir` that a CommonJS `require` cannot load. */
export function esmOnlyDependencies(packageDir: string): string[] {
  const manifest = readJson(join(packageDir, 'package.json'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  return names.filter((name) => {
    const dependencyDir = findInstalled(packageDir, name);
    // A workspace sibling is built by this same function, CommonJS included.
    if (dependencyDir === undefined || name.startsWith('@getinn/')) return false;
    return !canRequire(dependencyDir);
  });
}

type Manifest = {
  type?: string;
  main?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

function readJson(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Node's lookup of `node_modules/<name>` from `fromDir` upwards (pnpm links direct dependencies there). */
function findInstalled(fromDir: string, name: string): string | undefined {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Whether `require(<package>)` reaches a CommonJS file: its `exports` under the `require` conditions, else `main`. */
function canRequire(dependencyDir: string): boolean {
  const manifest = readJson(join(dependencyDir, 'package.json'));
  const root =
    typeof manifest.exports === 'object' && manifest.exports !== null && '.' in manifest.exports
      ? (manifest.exports as Record<string, unknown>)['.']
      : manifest.exports;
  const target = root === undefined ? (manifest.main ?? 'index.js') : pickRequireTarget(root);
  if (target === undefined) return false;
  if (target.endsWith('.cjs')) return true;
  if (target.endsWith('.mjs')) return false;
  return manifest.type !== 'module';
}

/** Walks a conditional `exports` value the way a CommonJS `require` on Node does. */
function pickRequireTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = pickRequireTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [condition, nested] of Object.entries(value)) {
    if (condition === 'require' || condition === 'node' || condition === 'default') {
      const target = pickRequireTarget(nested);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}
