/**
 * The few pure helpers of the command, in-process: how a database URL is shown, how invoice windows are
 * cut, how tables line up, and how errors become exit codes.
 */
import { describe, expect, it } from 'vitest';
import { windows } from '../src/commands/dump';
import { EXIT_CODES, exitCodeForErrorCode } from '../src/exit-codes';
import { formatTable } from '../src/output/table';
import { describeUrl } from '../src/stores/postgres';

describe('helpers', () => {
  it('shows a database URL with its password starred', () => {
    expect(describeUrl('postgres://app:s3cr%40t@db.internal:5432/getinn')).toBe('postgres://app:***@db.internal:5432/getinn');
    expect(describeUrl('postgres://postgres@127.0.0.1:55432/postgres')).toBe('postgres://postgres@127.0.0.1:55432/postgres');
    expect(describeUrl('not a url: secret')).not.toContain('secret');
  });

  it('cuts a date range into windows of at most n days, both ends inclusive, across month ends', () => {
    expect(windows({ from: '2026-01-29', to: '2026-02-10' }, 7)).toEqual([
      ['2026-01-29', '2026-02-04'],
      ['2026-02-05', '2026-02-10'],
    ]);
    expect(windows({ from: '2026-03-01', to: '2026-03-01' }, 7)).toEqual([['2026-03-01', '2026-03-01']]);
  });

  it('lines up Cyrillic text by characters and right-aligns number columns', () => {
    expect(formatTable(['name', 'n'], [['Склад', 5], ['Bar', 12]])).toEqual(['name    n', '─────  ──', 'Склад   5', 'Bar    12']);
  });

  it('maps the SDK error codes to exit codes', () => {
    expect(exitCodeForErrorCode('AUTH_FAILED')).toBe(EXIT_CODES.auth);
    expect(exitCodeForErrorCode('PERMISSION_DENIED')).toBe(EXIT_CODES.auth);
    expect(exitCodeForErrorCode('LICENSE_UNAVAILABLE')).toBe(EXIT_CODES.licence);
    for (const code of ['NETWORK_ERROR', 'TIMEOUT', 'HTML_RESPONSE']) expect(exitCodeForErrorCode(code)).toBe(EXIT_CODES.network);
    expect(exitCodeForErrorCode('INVALID_CONFIGURATION')).toBe(EXIT_CODES.usage);
    expect(exitCodeForErrorCode('SERVER_ERROR')).toBe(EXIT_CODES.failure);
    expect(exitCodeForErrorCode(undefined)).toBe(EXIT_CODES.failure);
  });
});
