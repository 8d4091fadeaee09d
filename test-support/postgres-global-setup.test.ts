import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgresBin, HOW_TO_GET_POSTGRES, startPostgresForTests } from './postgres-global-setup';
import { databaseUrl } from './postgres';

const scratch = mkdtempSync(join(tmpdir(), 'pg-bin-search-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fakeInitdb(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'initdb'), '#!/bin/sh\n');
  chmodSync(join(dir, 'initdb'), 0o755);
}

describe('the PostgreSQL server of a test run', () => {
  it('is always there: the global setup exported DATABASE_URL for every test file', () => {
    expect(databaseUrl()).toMatch(/^postgres(ql)?:\/\//);
  });

  it('finds no server binaries where neither PATH nor Debian holds any', () => {
    expect(findPostgresBin({ path: join(scratch, 'empty-path'), root: join(scratch, 'no-debian') })).toBeUndefined();
  });

  it("takes the newest of Debian's versioned directories when PATH has no initdb", () => {
    const root = join(scratch, 'debian');
    fakeInitdb(join(root, '9', 'bin'));
    fakeInitdb(join(root, '15', 'bin'));
    mkdirSync(join(root, '16'), { recursive: true }); // a version without server binaries
    expect(findPostgresBin({ path: join(scratch, 'empty-path'), root })).toBe(join(root, '15', 'bin'));
  });

  it('prefers the initdb on PATH', () => {
    const onPath = join(scratch, 'on-path');
    fakeInitdb(onPath);
    expect(findPostgresBin({ path: onPath, root: join(scratch, 'debian') })).toBe(onPath);
  });

  it('stops the run with one line saying how to get PostgreSQL when there are no binaries and no DATABASE_URL', async () => {
    const saved = process.env['DATABASE_URL'];
    delete process.env['DATABASE_URL'];
    try {
      await expect(startPostgresForTests(undefined)).rejects.toThrow(HOW_TO_GET_POSTGRES);
      expect(HOW_TO_GET_POSTGRES).not.toContain('\n');
      expect(HOW_TO_GET_POSTGRES).toContain('apt-get install postgresql');
    } finally {
      process.env['DATABASE_URL'] = saved;
    }
  });
});
