/**
 * Switching a file to WAL mode when several processes open it at once.
 *
 * `PRAGMA journal_mode = WAL` on a file still in rollback mode reads the header under a SHARED lock and
 * then needs the EXCLUSIVE lock. Two processes doing that at the same moment each hold SHARED and wait
 * for the other: SQLite sees the deadlock and fails one of them with `SQLITE_BUSY` at once, without
 * calling the busy handler ("the busy handler is not invoked … if the busy handler would cause a
 * deadlock", https://www.sqlite.org/c3ref/busy_handler.html). The busy timeout cannot help there, so the
 * switch is tried again — by then the winner has usually made the file WAL and the pragma is a no-op.
 *
 * The loop is synchronous because opening the store is (better-sqlite3 is a synchronous API); an async
 * retry library does not fit a constructor, and the rule is one line: try again after a short, jittered
 * pause until the busy timeout is spent.
 */

/** The part of a better-sqlite3 database the switch needs. */
export interface PragmaRunner {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/** Blocks the thread for `ms` milliseconds without spinning. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

/**
 * Sets `journal_mode = WAL`, trying again on `SQLITE_BUSY` until `busyTimeoutMs` has passed; any other
 * error, or a busy file past the deadline, is thrown as it is.
 */
export function enableWalMode(
  db: PragmaRunner,
  busyTimeoutMs: number,
  clock: { now(): number; sleep(ms: number): void } = { now: Date.now, sleep: sleepSync },
): void {
  const deadline = clock.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || clock.now() >= deadline) throw error;
      clock.sleep(5 + Math.floor(Math.random() * 20));
    }
  }
}
