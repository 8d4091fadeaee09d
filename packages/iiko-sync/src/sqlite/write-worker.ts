/**
 * Writes the records table from a worker thread with a connection of its own.
 *
 * better-sqlite3 is synchronous: on the sync's thread, writing a chunk's records (tens of MB of JSON for a
 * large chain) stops everything else, the read of the next chunk included. In a worker the write runs
 * while the sync parses and maps the next chunk — the file is in WAL mode, so the two connections share
 * it, and the sync waits for each batch's commit before it moves a cursor, so nothing is reported landed
 * before it is. Only `[externalId, contentHash, json]` crosses the thread boundary: strings, cheap to
 * copy. The worker is started from source text (`eval`) rather than from a file next to this one, so it
 * works alike from the ESM and CommonJS builds, from bundles and under test runners.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SyncEntityType, UpsertResult } from '../sync-store';
import { recordBatchWriter, type RecordToWrite } from './record-writes';

/** Writes record batches somewhere: on this thread, or in the write worker. */
export interface RecordWriter {
  write(accountId: string, entityType: SyncEntityType, rows: readonly RecordToWrite[], at: string): Promise<UpsertResult>;
  /** Gets ready to write (starts the worker) without writing: writes are about to come. */
  prepare(): void;
  /** Lets queued writes finish and closes the writer's connection; returns once it is closed. */
  close(): void;
}

/** The writer on the store's own connection (a database the host passed in, `:memory:`, or asked for). */
export function threadRecordWriter(db: Database.Database): RecordWriter {
  const write = recordBatchWriter(db);
  return {
    async write(accountId, entityType, rows, at) {
      return write(accountId, entityType, rows, at);
    },
    prepare() {},
    close() {},
  };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs });
// Per connection, like the store's own: safe against corruption in WAL mode.
db.pragma('synchronous = NORMAL');
const write = (${recordBatchWriter.toString()})(db);
const closed = new Int32Array(workerData.closed);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, result: write(message.accountId, message.entityType, message.rows, message.at) });
  } catch (error) {
    const { name, message: text, code } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    parentPort.postMessage({ id: message.id, error: { name, message: text, code } });
    return;
  }
  // Copies the batch just committed from the WAL into the file, after the answer is on its way: while
  // the sync maps its next chunk, not inside its wait for this commit. Otherwise the WAL keeps up to
  // wal_autocheckpoint pages, and the last connection to close — the store's, on the sync's thread —
  // copies them all in close() (103–121 ms after 10,000 invoices, 24–29 ms with this checkpoint;
  // bench/iiko-sync.bench.mjs). PASSIVE never waits for readers; what it cannot copy now, a later
  // checkpoint does.
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Only ever an optimisation: SQLite's own checkpoints still run.
  }
});
`;

interface WorkerAnswer {
  id: number;
  result?: UpsertResult;
  error?: { name: string; message: string; code?: string };
}

/** An error as the worker reported it: better-sqlite3's `SqliteError` (with its `code`) where it was one. */
function errorOf(reported: NonNullable<WorkerAnswer['error']>): Error {
  if (reported.name === 'SqliteError' && typeof reported.code === 'string') return new Database.SqliteError(reported.message, reported.code);
  const error = new Error(reported.message);
  error.name = reported.name;
  return error;
}

type Pending = { resolve(result: UpsertResult): void; reject(error: Error): void };

/**
 * The writer in a worker thread on `filename`, which the store has already opened (schema in place, WAL
 * mode set). The worker starts with `prepare()` or the first write — a store only read from never has
 * one — and keeps the process alive only while a write is in flight, so a host that forgets `close()`
 * still exits.
 */
export function workerRecordWriter(filename: string, busyTimeoutMs: number): RecordWriter {
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  // Set to 1 by the worker once its connection is closed: close() waits on it, so that when close()
  // returns nothing touches the file any more (a host may delete or move it next).
  let closedFlag: Int32Array | undefined;
  let nextId = 0;
  let failure: Error | undefined;
  let closed = false;

  const settle = (id: number, outcome: (entry: Pending) => void): void => {
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
    outcome(entry);
  };
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const id of [...pending.keys()]) settle(id, (entry) => entry.reject(error));
  };
  const start = (): Worker => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    closedFlag = new Int32Array(new SharedArrayBuffer(4));
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, filename, busyTimeoutMs, closed: closedFlag.buffer } });
    started.on('message', (answer: WorkerAnswer) => {
      settle(answer.id, (entry) => (answer.error === undefined ? entry.resolve(answer.result!) : entry.reject(errorOf(answer.error))));
    });
    started.on('error', (error) => failAll(new Error(`the SQLite write worker stopped: ${error.message}`, { cause: error })));
    started.on('exit', (code) => failAll(new Error(closed ? 'the SQLite store is closed' : `the SQLite write worker exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    started.unref();
    return started;
  };

  return {
    write(accountId, entityType, rows, at) {
      if (closed) return Promise.reject(new Error('the SQLite store is closed'));
      if (failure !== undefined) return Promise.reject(failure);
      const target = (worker ??= start());
      const id = (nextId += 1);
      return new Promise<UpsertResult>((resolve, reject) => {
        if (pending.size === 0) target.ref();
        pending.set(id, { resolve, reject });
        target.postMessage({ id, accountId, entityType, rows, at });
      });
    },
    prepare() {
      if (!closed && failure === undefined) worker ??= start();
    },
    close() {
      if (closed) return;
      closed = true;
      if (worker === undefined || closedFlag === undefined || failure !== undefined) return;
      worker.postMessage('close');
      // The writes sent before may each wait through the busy timeout; a worker that died meanwhile never
      // answers, so the wait has a bound, after which the worker is stopped.
      const boundMs = Math.max(30_000, busyTimeoutMs * (pending.size + 2));
      if (Atomics.wait(closedFlag, 0, 0, boundMs) === 'timed-out') void worker.terminate();
    },
  };
}
