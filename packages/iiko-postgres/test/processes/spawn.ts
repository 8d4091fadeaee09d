/**
 * Starting the test's helper scripts as real Node processes (under tsx), and collecting what they print.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root: tsx resolves the workspace's `@getinn/*` imports to source from its tsconfig there. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A running child and what it has printed so far. */
export interface Child {
  readonly process: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  readonly exited: Promise<number | string>;
}

/** Starts `script` (a path relative to this directory) with extra environment variables. */
export function startChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves once the child has printed a line containing `text`. */
export async function printed(child: Child, text: string): Promise<void> {
  while (!child.stdout().includes(text)) {
    if (child.process.exitCode !== null) throw new Error(`child exited before printing ${text}: ${child.stderr()}`);
    await once(child.process.stdout!, 'data');
  }
}

/** The JSON lines a child printed. */
export function jsonLines<T = unknown>(output: string): T[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);
}
