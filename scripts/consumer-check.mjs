#!/usr/bin/env node
/**
 * The consumer check: the SDK as an integrator gets it from the registry, not as the monorepo sees it.
 *
 * Packs every `packages/*` (after `pnpm build`), installs the tarballs into throwaway projects under the
 * system temp directory, and in each of them typechecks and runs a small program (scripts/consumer-check/):
 *
 *   esm-node16   "type": "module", `moduleResolution: node16`, run with `node`
 *   esm-bundler  "type": "module", `moduleResolution: bundler`, run with `node`
 *   cjs          "type": "commonjs", compiled to `require()`, run with `node` and, as a test, with Jest 30:
 *                Jest's module system cannot `require` an ES module, so it fails when a `.cjs` file of
 *                the SDK requires an ESM-only dependency (Node ≥ 20.19 itself would let that pass)
 *
 * all with `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess` and `skipLibCheck: false`.
 * The program loads every entry point of every package and runs the scenario: read the fake iikoServer,
 * map, seal and open credentials, sync into SQLite.
 *
 * A package whose entry points all declare nothing yet (`export {}`) is a placeholder and is left out
 * until it exports something; every other package is picked up from `packages/*` automatically.
 *
 * Installing: one `npm install` of the tarballs into the projects' shared parent folder (each project has
 * its own package.json and tsconfig.json and resolves packages from there), with the third-party
 * dependencies pinned to the versions the workspace has installed, and TypeScript, Jest and
 * `@types/node` pinned below — from npm's cache when it has them. No install script runs
 * (`--ignore-scripts`). better-sqlite3 is not compiled again: the workspace's already built copy is
 * linked into the projects' `node_modules`.
 *
 * Usage: `pnpm build && node scripts/consumer-check.mjs` (part of `pnpm check`).
 *   CONSUMER_CHECK_KEEP=1   keep the temp folder and print its path, to look around after a failure
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const fixtures = join(root, 'scripts', 'consumer-check');

/** What the projects compile and test with (TypeScript as the workspace; Jest 30). */
const TOOLS = { typescript: '5.9.3', jest: '30.2.0', '@jest/globals': '30.2.0' };

/** The compiler options every project shares: what a careful integrator turns on. */
const STRICT = {
  target: 'ES2022',
  lib: ['ES2023'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  esModuleInterop: true,
  outDir: 'dist',
  rootDir: 'src',
};

/** The projects: package.json type, module settings, what runs. */
const PROJECTS = [
  { name: 'esm-node16', type: 'module', compilerOptions: { module: 'Node16', moduleResolution: 'Node16' }, jest: false },
  { name: 'esm-bundler', type: 'module', compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' }, jest: false },
  { name: 'cjs', type: 'commonjs', compilerOptions: { module: 'Node16', moduleResolution: 'Node16' }, jest: true },
];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const keep = process.env.CONSUMER_CHECK_KEEP === '1';
const work = mkdtempSync(join(tmpdir(), 'getinn-consumer-check-'));

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(`consumer check failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error && typeof error === 'object' && 'stdout' in error) {
    console.error(String(error.stdout ?? '').trim());
    console.error(String(error.stderr ?? '').trim());
  }
} finally {
  if (keep) console.log(`consumer check: kept ${work}`);
  // Deleting the projects' node_modules takes long on a busy machine and nothing waits for it.
  else spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', work], { detached: true, stdio: 'ignore' }).unref();
}

async function main() {
  const packages = workspacePackages();
  const included = packages.filter((pkg) => !pkg.placeholder);
  const skipped = packages.filter((pkg) => pkg.placeholder).map((pkg) => pkg.name);
  if (included.length === 0) throw new Error('no package to check (run `pnpm build` first)');

  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  await Promise.all(included.map((pkg) => run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: pkg.dir })));
  const packed = Object.fromEntries(
    readdirSync(tarballs).map((file) => [included.find((pkg) => file.startsWith(tarballName(pkg.name)))?.name, file]),
  );
  for (const pkg of included) if (!packed[pkg.name]) throw new Error(`pnpm pack left no tarball for ${pkg.name}`);
  console.log(
    `consumer check: packed ${included.length} packages` +
      (skipped.length ? ` (placeholders left out: ${skipped.join(', ')})` : '') +
      ` — ${elapsed()}`,
  );

  const consumers = join(work, 'consumers');
  mkdirSync(consumers);
  const dependencies = {
    ...pinnedThirdParty(included),
    ...TOOLS,
    '@types/node': installedVersion(root, '@types/node'),
    ...Object.fromEntries(included.map((pkg) => [pkg.name, `file:../tarballs/${packed[pkg.name]}`])),
  };
  writeJson(join(consumers, 'package.json'), { name: 'getinn-consumers', private: true, dependencies });
  await run(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'],
    { cwd: consumers, maxBuffer: 64 * 1024 * 1024 },
  );
  linkBuiltBetterSqlite(consumers);
  console.log(`consumer check: installed the tarballs, typescript ${TOOLS.typescript} and jest ${TOOLS.jest} — ${elapsed()}`);

  // The command line as a user gets it: the installed bin of the packed @getinn/iiko-cli, run by Node.
  const cliBin = join(consumers, 'node_modules', '@getinn', 'iiko-cli', 'bin', 'getinn-iiko.js');
  if (existsSync(cliBin)) {
    const checked = await step('getinn-iiko', 'check --fake', () => run(process.execPath, [cliBin, 'check', '--fake'], { cwd: consumers }));
    console.log(`consumer check: the installed getinn-iiko bin runs (${checked.stdout.trim().split('\n').at(-1)}) — ${elapsed()}`);
  }

  const entries = included.flatMap((pkg) => pkg.entries);
  // The projects are independent: they typecheck and run side by side; failures are reported in order.
  const outcomes = await Promise.allSettled(PROJECTS.map((project) => checkProject(consumers, project, entries)));
  const failures = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') console.log(`consumer check: ${PROJECTS[index].name} typechecks and runs (${outcome.value})`);
    else failures.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  console.log(`consumer check: passed — ${elapsed()}`);
}

/** Writes one project, typechecks it with `tsc -p`, runs its program (and its Jest test); returns a summary. */
async function checkProject(consumers, project, entries) {
  const dir = join(consumers, project.name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeJson(join(dir, 'package.json'), { name: `consumer-${project.name}`, private: true, type: project.type });
  writeJson(join(dir, 'tsconfig.json'), { compilerOptions: { ...STRICT, ...project.compilerOptions }, include: ['src'] });
  copyFileSync(join(fixtures, 'scenario.ts'), join(dir, 'src', 'scenario.ts'));
  copyFileSync(join(fixtures, 'main.ts'), join(dir, 'src', 'main.ts'));
  writeFileSync(join(dir, 'src', 'entries.ts'), entriesModule(entries));
  if (project.jest) {
    copyFileSync(join(fixtures, 'scenario.test.ts'), join(dir, 'src', 'scenario.test.ts'));
    writeFileSync(
      join(dir, 'jest.config.cjs'),
      "module.exports = { testEnvironment: 'node', roots: ['<rootDir>/dist'], testMatch: ['**/*.test.js'] };\n",
    );
  }
  const tsc = join(consumers, 'node_modules', 'typescript', 'bin', 'tsc');
  await step(project.name, 'typecheck', () => run(process.execPath, [tsc, '-p', dir], { cwd: dir }));
  const program = await step(project.name, 'run', () => run(process.execPath, [join(dir, 'dist', 'main.js')], { cwd: dir }));
  const summary = [program.stdout.trim().split('\n').at(-1)];
  if (project.jest) {
    const jest = join(consumers, 'node_modules', 'jest', 'bin', 'jest.js');
    const tested = await step(project.name, 'jest', () => run(process.execPath, [jest, '--ci', '--silent'], { cwd: dir }));
    summary.push(jestSummary(tested.stderr));
  }
  return summary.join('; ');
}

/** Runs one step, naming the project and step when it fails. */
async function step(project, what, action) {
  try {
    return await action();
  } catch (error) {
    const detail = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
    throw new Error(`${project}: ${what} failed\n${detail}`);
  }
}

/** `packages/*` with their entry points; a placeholder declares nothing in any entry. */
function workspacePackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((folder) => join(packagesDir, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = readJson(join(dir, 'package.json'));
      const subpaths = Object.keys(manifest.exports ?? { '.': manifest.main }).filter((key) => !key.endsWith('.json'));
      const entries = subpaths.filter((subpath) => !optionalPeerEntry(manifest, subpath)).map((subpath) => {
        const types = typesOf(manifest.exports?.[subpath]);
        return { specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`, types: types && join(dir, types) };
      });
      for (const entry of entries) {
        if (!entry.types || !existsSync(entry.types)) throw new Error(`${entry.specifier}: no built types (run \`pnpm build\` first)`);
      }
      const placeholder = entries.every((entry) => declaresNothing(readFileSync(entry.types, 'utf8')));
      return { name: manifest.name, dir, entries: entries.map((entry) => entry.specifier), placeholder };
    })
    .filter((pkg) => !readJson(join(pkg.dir, 'package.json')).private);
}

/**
 * Entry points that exist for an optional peer dependency the projects do not install (msw's handlers:
 * msw's own types need the DOM lib): marked by the entry's name, `…/msw`.
 */
function optionalPeerEntry(manifest, subpath) {
  const last = subpath.split('/').at(-1);
  return last !== undefined && manifest.peerDependenciesMeta?.[last]?.optional === true;
}

function typesOf(conditions) {
  if (typeof conditions !== 'object' || conditions === null) return undefined;
  return conditions.import?.types ?? conditions.types;
}

function declaresNothing(dts) {
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').trim();
  return /^(export\{\};?)?$/.test(code.replace(/\s+/g, ''));
}

function tarballName(name) {
  return `${name.replace(/^@/, '').replace('/', '-')}-`;
}

/** Every third-party dependency and peer of the included packages, at the version the workspace installed. */
function pinnedThirdParty(included) {
  const pinned = {};
  for (const pkg of included) {
    const manifest = readJson(join(pkg.dir, 'package.json'));
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => optionalPeers[name]?.optional !== true),
    ];
    for (const name of names) {
      if (name.startsWith('@getinn/')) continue;
      pinned[name] = installedVersion(pkg.dir, name);
    }
  }
  return pinned;
}

function installedVersion(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return readJson(manifest).version;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed in the workspace (run pnpm install)`);
  }
}

/** Links the workspace's compiled better-sqlite3 (its `build/` holds the addon) instead of compiling it again. */
function linkBuiltBetterSqlite(consumers) {
  const syncDir = join(root, 'packages', 'iiko-sync');
  const source = realpathSync(join(syncDir, 'node_modules', 'better-sqlite3'));
  if (!existsSync(join(source, 'build', 'Release', 'better_sqlite3.node'))) {
    throw new Error(`better-sqlite3 in ${relative(root, source)} is not built (pnpm install builds it)`);
  }
  const target = join(consumers, 'node_modules', 'better-sqlite3');
  rmSync(target, { recursive: true, force: true });
  symlinkSync(source, target, 'dir');
}

/** A module importing every entry point, so each one's declarations are checked and its code is loaded. */
function entriesModule(specifiers) {
  const imports = specifiers.map((specifier, index) => `import * as entry${index} from '${specifier}';`);
  return [
    '/** Generated by scripts/consumer-check.mjs: every entry point of every packed package. */',
    ...imports,
    '',
    'export async function loadEveryEntry(): Promise<number> {',
    `  const modules: object[] = [${specifiers.map((_, index) => `entry${index}`).join(', ')}];`,
    "  for (const module of modules) if (typeof module !== 'object') throw new Error('an entry point did not load');",
    '  return modules.length;',
    '}',
    '',
  ].join('\n');
}

function jestSummary(stderr) {
  const line = String(stderr)
    .split('\n')
    .find((text) => text.startsWith('Tests:'));
  return line ? `jest ${line.replace(/\s+/g, ' ').trim()}` : 'jest passed';
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
