/**
 * Runs the `getinn-iiko` command as a child process, the way a shell does: a real Node process with its
 * own standard streams, exit code and signals.
 *
 * It runs the command's entry (`src/cli.ts`, what `bin/getinn-iiko.js` loads from the build) through tsx
 * (`node --import tsx`), which resolves the workspace packages to their sources by the root tsconfig's
 * `paths` — so the tests need no build of any package, on a fresh clone as anywhere. (A bundle of the
 * entry would import the other packages' `dist/`, which a fresh clone does not have.) The installed bin
 * of the packed package is run by the consumer check of `pnpm check` (`scripts/consumer-check.mjs`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = fileURLToPath(new URL('../..', import.meta.url));
export const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** The finished process. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command to run: the entry's path, and `dispose` (kept for symmetry with a build; nothing to remove). */
export interface BuiltCli {
  readonly bin: string;
  dispose(): void;
}

/** The command's entry, run through tsx by {@link run}; call once per test file, in `beforeAll`. */
export async function buildCli(): Promise<BuiltCli> {
  return { bin: join(packageDir, 'src', 'cli.ts'), dispose: () => undefined };
}

/** How to run the bin. */
export interface RunOptions {
  /** Variables on top of a clean environment (no `IIKO_*`, `CREDENTIAL_*` or `DATABASE_URL` of the developer's). */
  readonly env?: Record<string, string>;
  /** Written to standard input, which is then closed. Without it, standard input is empty. */
  readonly input?: string;
  /** Called with each chunk of standard error, e.g. to send a signal once a line appears. */
  readonly onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** The environment of a run: the test's own, minus whatever would point the command at a real system. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(IIKO_|CREDENTIAL_|DATABASE_URL$)/.test(name)) env[name] = value;
  }
  return { ...env, FORCE_COLOR: '0', ...extra };
}

/** Runs `getinn-iiko args…` to the end. */
export async function run(cli: BuiltCli, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli.bin, ...args], {
    cwd: root,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(stderr, child);
  });
  child.stdin!.end(options.input ?? '');
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/**
 * Runs the bin on a pseudo-terminal (`script -q`, util-linux), so that standard output and error are a
 * TTY as in an interactive shell; returns everything the terminal received.
 */
export async function runOnTerminal(
  cli: BuiltCli,
  args: readonly string[],
  env: Record<string, string> = {},
  /** Typed on the terminal once the output contains `prompt` (not before: the terminal would echo it). */
  answer?: { readonly prompt: string; readonly text: string },
): Promise<{ code: number | null; output: string }> {
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', cli.bin, ...args].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: root,
    env: cleanEnv({ ...env, COLUMNS: '120', LINES: '40', TERM: 'xterm' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let answered = false;
  const receive = (chunk: Buffer): void => {
    output += chunk.toString();
    if (answer !== undefined && !answered && output.includes(answer.prompt)) {
      answered = true;
      child.stdin!.write(answer.text);
    }
  };
  child.stdout!.on('data', receive);
  child.stderr!.on('data', receive);
  if (answer === undefined) child.stdin!.end();
  const [code] = (await once(child, 'exit')) as [number | null];
  child.stdin!.destroy();
  return { code, output };
}
