import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteSyncStore } from '../src/sqlite/index';

const CHILD = fileURLToPath(new URL('./fixtures/open-sqlite-store.ts', import.meta.url));
const PROCESSES = 6;

let directory: string | undefined;
afterEach(() => {
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

interface Child {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ out: string; code: number | null }>;
}

/** Starts the child on `filename`; it opens the store once told to go. */
function child(filename: string, id: number): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, filename, String(id)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  proc.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready\n')) onReady();
  });
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<{ out: string; code: number | null }>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => {
      onReady();
      resolve({ out: out.replace('ready\n', '') || err, code });
    });
  });
  return { ready, go: () => proc.stdin.write('go\n'), done };
}

describe('createSqliteSyncStore opened by several processes at once', () => {
  it('never fails with SQLITE_BUSY on a fresh file: the busy timeout comes before the first statement, and a lost race to WAL mode is tried again', async () => {
    directory = mkdtempSync(join(tmpdir(), 'iiko-sqlite-'));
    for (const round of [1, 2, 3, 4, 5]) {
      const filename = join(directory, `shared-${round}.sqlite`);
      const children = Array.from({ length: PROCESSES }, (_, id) => child(filename, id));
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.go();

      const results = await Promise.all(children.map((c) => c.done));

      expect(results).toEqual(Array.from({ length: PROCESSES }, () => ({ out: 'ok', code: 0 })));
      const store = createSqliteSyncStore({ filename });
      try {
        const records = await store.list('acc-1', 'suppliers');
        expect(records.map((record) => record.externalId).sort()).toEqual(Array.from({ length: PROCESSES }, (_, id) => `s-${id}`).sort());
      } finally {
        store.close();
      }
    }
  }, 120_000);
});
