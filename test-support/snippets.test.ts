/**
 * The snippets of README.md, packages/*\/README.md and docs/*.md cannot rot: every ```ts block is
 * typechecked against the packages' source with the repository's compiler options, the self-contained
 * ones are run, and the Python reader of docs/credential-envelope.md is run against the shipped test
 * vectors. How a snippet marks what it assumes, or that it cannot compile: test-support/snippets.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSnippets, locate, markdownFiles, repositoryRoot, shouldRun, type Snippet, typecheckSnippets } from './snippets';

const files = markdownFiles();
const snippets = files.flatMap((file) => extractSnippets(file));
const checked = snippets.filter((snippet) => snippet.skip === undefined);
const result = typecheckSnippets(checked);

describe('README and guide snippets', () => {
  it('finds the snippets of every README and guide', () => {
    expect(files).toContain('README.md');
    expect(checked.length).toBeGreaterThan(10);
  });

  it.each(files)('%s: every TypeScript snippet typechecks', (file) => {
    const problems = result.problems
      .filter((problem) => problem.snippet.file === file)
      .map((problem) => `${problem.where} ${problem.message}`);
    // Fix the snippet, or mark what it assumes (`<!-- snippet-preamble: … -->`) or that it is a sketch
    // (`<!-- snippet-skip: reason -->`) on the line above its fence.
    expect(problems).toEqual([]);
  });

  const runnable = checked.filter((snippet) => shouldRun(snippet, result.assumed.get(snippet)));
  it.each(runnable.map((snippet) => [locate(snippet), snippet] as const))('%s runs', (_where, snippet) => {
    const outcome = runSnippet(snippet);
    expect(outcome.status, `${outcome.stdout}\n${outcome.stderr}`).toBe(0);
  });
});

describe('docs/credential-envelope.md, Python', () => {
  const python = spawnSync('python3', ['-c', 'import cryptography'], { encoding: 'utf8' });
  it.skipIf(python.status !== 0)('its reader opens every valid test vector and refuses every invalid one (needs python3 with cryptography)', () => {
    const doc = readFileSync(join(repositoryRoot, 'docs', 'credential-envelope.md'), 'utf8');
    const [reader, keys] = [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(reader).toContain('def open_envelope');
    const vectors = join(repositoryRoot, 'packages', 'credential-crypto', 'test-vectors', 'envelope-v1.json');
    const driver = `${reader}
${keys}
import sys
vectors = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert keys == {kid: base64.b64decode(key) for kid, key in vectors["keys"].items()}
for case in vectors["valid"]:
    assert open_envelope(keys, case["envelope"], case["context"]) == case["value"], case["name"]
    assert associated_data(case["envelope"]["kid"], case["context"]).hex() == case["associatedDataHex"], case["name"]
for case in vectors["invalid"]:
    try:
        open_envelope(keys, case["envelope"], case["context"])
    except DecryptionError:
        continue
    raise AssertionError("accepted: " + case["name"])
print(len(vectors["valid"]), len(vectors["invalid"]))
`;
    const env = { ...process.env, CREDENTIAL_KEYS: credentialKeysOf(vectors) };
    const run = spawnSync('python3', ['-c', driver, vectors], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('9 24');
  });
});

/** `CREDENTIAL_KEYS` for the vectors' keys, the way a service would be configured. */
function credentialKeysOf(vectorsFile: string): string {
  const { keys } = JSON.parse(readFileSync(vectorsFile, 'utf8')) as { keys: Record<string, string> };
  return Object.entries(keys)
    .map(([kid, key]) => `${kid}:${key}`)
    .join(',');
}

/**
 * Runs one snippet with tsx in a fresh temp folder (files it writes land there). Its `@getinn/*` imports
 * point at the packages' source, like the repository's path aliases; any `fetch` beyond loopback fails.
 */
function runSnippet(snippet: Snippet) {
  const folder = join(repositoryRoot, 'node_modules', '.cache', 'getinn-snippets');
  mkdirSync(folder, { recursive: true });
  // `.mts`: an ES module whatever package.json is nearest, so top-level `await` works.
  const file = join(folder, `${locate(snippet).replace(/[^\w]+/g, '-')}.mts`);
  const aliases = sourceAliases();
  const code = `${snippet.preamble}\n${snippet.code}\n`.replace(/(from\s+|import\s*\(\s*)(['"])(@getinn\/[\w/-]+)\2/g, (whole, lead: string, quote: string, name: string) =>
    aliases[name] ? `${lead}${quote}${aliases[name]}${quote}` : whole,
  );
  writeFileSync(file, `${LOOPBACK_ONLY}\n${code}`);
  const cwd = mkdtempSync(join(tmpdir(), 'getinn-snippet-'));
  try {
    const tsx = pathToFileURL(join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    // The root tsconfig's `paths` resolve the packages' own imports of each other to source as well (the
    // snippet runs in a temp folder, where tsx would find no tsconfig, and a fresh clone has no dist/).
    const env = { ...process.env, TSX_TSCONFIG_PATH: join(repositoryRoot, 'tsconfig.json') };
    return spawnSync(process.execPath, ['--import', tsx, file], { cwd, env, encoding: 'utf8', timeout: 25_000 });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

/** Prepended to a snippet that runs: only the fake iikoServer on loopback may be reached. */
const LOOPBACK_ONLY = `{
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return Promise.reject(new Error('snippet tried to reach ' + url.origin));
    return realFetch(input, init);
  };
}`;

/** tsconfig.json's `paths`, as absolute files. */
function sourceAliases(): Record<string, string> {
  const config = JSON.parse(readFileSync(join(repositoryRoot, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(config.compilerOptions.paths).map(([name, [target]]) => [name, join(repositoryRoot, target ?? '')]),
  );
}
