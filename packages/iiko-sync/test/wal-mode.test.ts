import { describe, expect, it } from 'vitest';
import { enableWalMode } from '../src/sqlite/wal-mode';

/** A database whose journal-mode pragma fails with `code` the first `failures` times. */
function flakyDatabase(failures: number, code = 'SQLITE_BUSY') {
  const calls: string[] = [];
  return {
    calls,
    pragma(source: string) {
      calls.push(source);
      if (calls.length <= failures) throw Object.assign(new Error('database is locked'), { code });
      return 'wal';
    },
  };
}

/** A clock that moves only when the switch sleeps. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: (ms: number) => (sleeps.push(ms), (now += ms)) };
}

describe('enableWalMode', () => {
  it('tries the switch again when another process opening the same file wins the lock (SQLITE_BUSY without the busy handler)', () => {
    const db = flakyDatabase(2);
    const clock = fakeClock();

    enableWalMode(db, 5_000, clock);

    expect(db.calls).toEqual(['journal_mode = WAL', 'journal_mode = WAL', 'journal_mode = WAL']);
    expect(clock.sleeps).toHaveLength(2);
    for (const ms of clock.sleeps) expect(ms).toBeGreaterThanOrEqual(5);
  });

  it('counts extended busy codes as busy', () => {
    const db = flakyDatabase(1, 'SQLITE_BUSY_RECOVERY');
    enableWalMode(db, 5_000, fakeClock());
    expect(db.calls).toHaveLength(2);
  });

  it('gives up with the busy error once the busy timeout is spent', () => {
    const db = flakyDatabase(Number.POSITIVE_INFINITY);
    const clock = fakeClock();

    expect(() => enableWalMode(db, 100, clock)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    expect(clock.now()).toBeGreaterThanOrEqual(100);
  });

  it('throws any other error at once', () => {
    const db = flakyDatabase(1, 'SQLITE_CORRUPT');
    expect(() => enableWalMode(db, 5_000, fakeClock())).toThrow(expect.objectContaining({ code: 'SQLITE_CORRUPT' }));
    expect(db.calls).toHaveLength(1);
  });

  it('with a busy timeout of 0 tries once', () => {
    const db = flakyDatabase(1);
    expect(() => enableWalMode(db, 0, fakeClock())).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    expect(db.calls).toHaveLength(1);
  });
});
