import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { toSyncRecord } from '../src/content-hash';
import { createSqliteSyncStore, type SqliteSyncStore } from '../src/sqlite/index';

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-writer-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(directory, `writer-${(files += 1)}.sqlite`);

const invoices = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    toSyncRecord({ externalId: `inv-${i}`, invoiceNumber: `№ ${i}`, totalAmount: '12345.123456789', comment: 'Недовоз 2 кг'.repeat(50) }),
  );

/** Whether a macrotask scheduled before `write` starts runs before `write` settles. */
async function threadStaysFree(write: () => Promise<unknown>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await write();
  return ran;
}

describe('the SQLite store’s write worker', () => {
  it('writes a file’s records off the calling thread: the thread runs other work while a batch is written', async () => {
    const inWorker = createSqliteSyncStore({ filename: freshFile() });
    const onThread = createSqliteSyncStore({ filename: freshFile(), writeInWorker: false });
    try {
      const batch = invoices(500);
      expect(await threadStaysFree(() => inWorker.upsert('acc', 'invoices', batch))).toBe(true);
      expect(await threadStaysFree(() => onThread.upsert('acc', 'invoices', batch))).toBe(false);

      // Same answers, same rows, either way.
      const changed = batch.map((record, i) => (i % 2 === 0 ? toSyncRecord({ ...record.data, totalAmount: '1.000000001' }) : record));
      expect(await inWorker.upsert('acc', 'invoices', changed)).toEqual({ created: 0, updated: 250, unchanged: 250 });
      expect(await onThread.upsert('acc', 'invoices', changed)).toEqual({ created: 0, updated: 250, unchanged: 250 });
      const [a, b] = [await inWorker.list('acc', 'invoices'), await onThread.list('acc', 'invoices')];
      expect(a.map((r) => [r.externalId, r.contentHash, r.data])).toEqual(b.map((r) => [r.externalId, r.contentHash, r.data]));
    } finally {
      inWorker.close();
      onThread.close();
    }
  });

  it('a batch is committed when upsert resolves: another connection reads it at once', async () => {
    const filename = freshFile();
    const store = createSqliteSyncStore({ filename });
    const reader = new Database(filename, { readonly: true });
    try {
      await store.upsert('acc', 'invoices', invoices(3));
      expect(reader.prepare('select count(*) from sync_records').pluck().get()).toBe(3);
    } finally {
      reader.close();
      store.close();
    }
  });

  it('copies each committed batch from the WAL into the file after answering, so that close() has little left to copy', async () => {
    const filename = freshFile();
    const store = createSqliteSyncStore({ filename });
    try {
      const before = statSync(filename).size;
      // ~300 KB of records: far below SQLite's own checkpoint threshold (1,000 pages, 16 MiB here), so
      // only the worker's checkpoint moves them out of the WAL into the file this soon.
      await store.upsert('acc', 'invoices', invoices(500));
      const deadline = Date.now() + 5_000;
      while (statSync(filename).size < before + 200_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(statSync(filename).size).toBeGreaterThan(before + 200_000);
      expect(await store.list('acc', 'invoices')).toHaveLength(500);
    } finally {
      store.close();
    }
  });

  it('reports SQLite’s error with its code — a write lock held elsewhere past the busy timeout is SQLITE_BUSY — and writes nothing', async () => {
    const filename = freshFile();
    const store = createSqliteSyncStore({ filename, busyTimeoutMs: 50 });
    const other = new Database(filename);
    try {
      other.exec('begin immediate');
      const failure = await store.upsert('acc', 'invoices', invoices(2)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Database.SqliteError);
      expect(failure).toMatchObject({ code: 'SQLITE_BUSY' });
      other.exec('rollback');
      expect(await store.list('acc', 'invoices')).toEqual([]);
      // The worker is still there for the next batch.
      expect(await store.upsert('acc', 'invoices', invoices(2))).toEqual({ created: 2, updated: 0, unchanged: 0 });
    } finally {
      other.close();
      store.close();
    }
  });

  it('refuses data that is not JSON before anything crosses to the worker', async () => {
    const store = createSqliteSyncStore({ filename: freshFile() });
    try {
      const good = toSyncRecord({ externalId: 'a' });
      await expect(store.upsert('acc', 'invoices', [good, { externalId: 'b', contentHash: 'x', data: { amount: 10n } }])).rejects.toThrow(TypeError);
      expect(await store.list('acc', 'invoices')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('close() lets a batch already sent finish; a write after close() is refused', async () => {
    const filename = freshFile();
    const store: SqliteSyncStore = createSqliteSyncStore({ filename });
    const sent = store.upsert('acc', 'invoices', invoices(200));
    store.close();
    expect(await sent).toEqual({ created: 200, updated: 0, unchanged: 0 });
    await expect(store.upsert('acc', 'invoices', invoices(1))).rejects.toThrow('the SQLite store is closed');

    const reopened = createSqliteSyncStore({ filename });
    try {
      expect(await reopened.list('acc', 'invoices')).toHaveLength(200);
    } finally {
      reopened.close();
    }
  });

  it('writes the file it opened even when the process changes directory before the first write', async () => {
    const home = process.cwd();
    const filename = 'relative.sqlite';
    process.chdir(directory);
    let store: SqliteSyncStore | undefined;
    try {
      store = createSqliteSyncStore({ filename });
      process.chdir(home);
      await store.upsert('acc', 'invoices', invoices(2));
    } finally {
      process.chdir(home);
      store?.close();
    }
    const reopened = createSqliteSyncStore({ filename: join(directory, filename) });
    try {
      expect(await reopened.list('acc', 'invoices')).toHaveLength(2);
    } finally {
      reopened.close();
    }
  });

  it('never keeps a process alive: a host that forgets close() still exits, also one that took a lock (which starts the worker) and wrote nothing', async () => {
    const filename = freshFile();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/unclosed-sqlite-store.ts', import.meta.url)), filename], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, out }).toEqual({ code: 0, out: 'written' });
    const store = createSqliteSyncStore({ filename });
    try {
      expect((await store.list('acc-1', 'suppliers')).map((r) => r.data)).toEqual([{ name: 'Молочный двор' }]);
    } finally {
      store.close();
    }
  }, 30_000);
});
