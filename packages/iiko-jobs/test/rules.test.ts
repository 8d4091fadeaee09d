/** The small pure rules: failure classes, server identity and queue names, schedule arithmetic. */
import { describe, expect, it } from 'vitest';
import { IikoJobsError, isIikoJobsError, isTransientFailure, PERMANENT_FAILURE_CODES, queueNameOf, serverKeyOf, TRANSIENT_FAILURE_CODES } from '../src/index';
import { outcomeOf, describeThrown } from '../src/run-outcome';
import { nextRunAfter, validateSchedule } from '../src/schedule-spec';
import { jobKeyOf, normalizeRequest } from '../src/enqueue';
import { CredentialsNotFoundError, SyncInProgressError } from '@getinn/iiko-sync';
import { IikoAuthError, IikoLicenseError, IikoNetworkError } from '@getinn/iiko-client';

describe('isTransientFailure', () => {
  it('retries the network, the server, a busy licence slot and a held lock, never a refused login or permission', () => {
    for (const code of ['NETWORK_ERROR', 'TIMEOUT', 'SERVER_ERROR', 'RATE_LIMITED', 'LICENSE_UNAVAILABLE', 'SYNC_IN_PROGRESS', 'STORE_FAILED', 'ABORTED']) {
      expect(isTransientFailure(code), code).toBe(true);
    }
    for (const code of ['AUTH_FAILED', 'PERMISSION_DENIED', 'INVALID_CONFIGURATION', 'CREDENTIALS_NOT_FOUND', 'INVALID_ARGUMENT', 'CONFLICT']) {
      expect(isTransientFailure(code), code).toBe(false);
    }
    // A code the core adds later is retried a bounded number of times rather than dropped.
    expect(isTransientFailure('SOMETHING_NEW')).toBe(true);
    for (const code of TRANSIENT_FAILURE_CODES) expect(PERMANENT_FAILURE_CODES.has(code)).toBe(false);
  });

  it('classifies what run throws by its code', () => {
    expect(describeThrown(new SyncInProgressError('a'))).toMatchObject({ code: 'SYNC_IN_PROGRESS' });
    expect(describeThrown(new CredentialsNotFoundError('a'))).toMatchObject({ code: 'CREDENTIALS_NOT_FOUND' });
    expect(describeThrown(new IikoAuthError('refused', { status: 401 }))).toEqual({ code: 'AUTH_FAILED', message: 'refused', status: 401 });
    expect(describeThrown(new IikoLicenseError('no slot', { status: 403 }))).toMatchObject({ code: 'LICENSE_UNAVAILABLE' });
    expect(describeThrown(new IikoNetworkError('reset'))).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(describeThrown(new TypeError('boom'))).toEqual({ code: 'UNEXPECTED', message: 'TypeError: boom' });
    expect(outcomeOf(undefined, new SyncInProgressError('a'))).toMatchObject({ status: 'failed', error: { code: 'SYNC_IN_PROGRESS' } });
  });
});

describe('serverKeyOf and queueNameOf', () => {
  it('give every spelling of one server one queue, as the client keys its own queue', () => {
    const spellings = ['https://Chain.iiko.it', 'https://chain.iiko.it/', 'https://chain.iiko.it/resto', 'https://chain.iiko.it/resto/api/', 'https://chain.iiko.it:443/resto'];
    expect(new Set(spellings.map((url) => serverKeyOf(url)))).toEqual(new Set(['https://chain.iiko.it']));
    expect(serverKeyOf('http://10.0.0.5:8080/office/resto')).toBe('http://10.0.0.5:8080/office');
    expect(serverKeyOf('not a url')).toBeUndefined();
    expect(serverKeyOf('ftp://chain.iiko.it')).toBeUndefined();
    expect(queueNameOf('https://chain.iiko.it')).toBe('iiko:https://chain.iiko.it');
  });
});

describe('schedules', () => {
  it('every: the next run is one interval later; cron: the next matching UTC minute', () => {
    const at = Date.parse('2026-08-01T10:17:42Z');
    expect(nextRunAfter({ every: 60_000 }, at)!.toISOString()).toBe('2026-08-01T10:18:42.000Z');
    expect(nextRunAfter({ cron: '30 10 * * *' }, at)!.toISOString()).toBe('2026-08-01T10:30:00.000Z');
    expect(nextRunAfter({ cron: '0 3 * * *' }, at)!.toISOString()).toBe('2026-08-02T03:00:00.000Z');
    expect(nextRunAfter({ cron: '*/15 * * * *' }, Date.parse('2026-08-01T10:15:00Z'))!.toISOString()).toBe('2026-08-01T10:30:00.000Z');
    // A pattern that never matches has no next run.
    expect(nextRunAfter({ cron: '0 0 31 2 *' }, at)).toBeUndefined();
  });

  it('refuses specs that cannot work', () => {
    expect(() => validateSchedule({ every: 999 }, 'a')).toThrow(IikoJobsError);
    expect(() => validateSchedule({ cron: 'nope' }, 'a')).toThrow(/cron/);
    expect(() => validateSchedule({} as never, 'a')).toThrow(/exactly one/);
  });
});

describe('job keys', () => {
  it('one key per account for a full sync, one per distinct narrower request', () => {
    expect(jobKeyOf('a', {})).toBe('iiko-sync:a');
    const suppliers = jobKeyOf('a', normalizeRequest('a', { entities: ['suppliers'] }));
    expect(suppliers).toMatch(/^iiko-sync:a:[0-9a-f]{16}$/);
    // The order entities are given in does not matter: they always run in the sync's order.
    expect(jobKeyOf('a', normalizeRequest('a', { entities: ['suppliers', 'stores'] }))).toBe(jobKeyOf('a', normalizeRequest('a', { entities: ['stores', 'suppliers'] })));
    expect(jobKeyOf('a', normalizeRequest('a', { entities: ['invoices'], invoices: { from: '2026-01-01', to: '2026-01-31' } }))).not.toBe(
      jobKeyOf('a', normalizeRequest('a', { entities: ['invoices'], invoices: { from: '2026-02-01', to: '2026-02-28' } })),
    );
  });

  it('errors are branded data', () => {
    const error = new IikoJobsError('INTEGRATION_INACTIVE', 'inactive', 'a');
    expect(isIikoJobsError(error)).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'IikoJobsError', code: 'INTEGRATION_INACTIVE', message: 'inactive', accountId: 'a' });
  });
});
