import { describe, expect, it, vi } from 'vitest';
import * as first from '@getinn/iiko-client';
import {
  IikoAbortError,
  IikoArgumentError,
  IikoAuthError,
  IikoBadRequestError,
  IikoClientClosedError,
  IikoConflictError,
  IikoError,
  IikoHtmlResponseError,
  IikoHttpError,
  IikoLicenseError,
  IikoNetworkError,
  IikoNotFoundError,
  IikoParseError,
  IikoPermissionError,
  IikoRateLimitError,
  IikoServerError,
  IikoTimeoutError,
  IikoValidationError,
  isIikoError,
} from '@getinn/iiko-client';
import { PATHS, useSuite } from './support/suite';
import { scriptedIiko, text, xml } from './support/scripted-iiko';

const suite = useSuite();

describe('errors are data', () => {
  it('a 409 carries its status, iiko text, the redacted request, attempts and elapsed time', async () => {
    const fake = suite.fake();
    const body = 'Доступ запрещен B_VIEW_DOCS\nОбратитесь к администратору';
    fake.server.injectFault({ kind: 'status', status: 409, body, path: PATHS.invoices });

    const error = (await fake
      .client()
      .incomingInvoices({ from: '2026-07-01', to: '2026-07-05', supplierIds: ['s-1'] })
      .catch((e: unknown) => e)) as IikoConflictError;

    expect(error).toBeInstanceOf(IikoConflictError);
    expect(error).toMatchObject({ name: 'IikoConflictError', code: 'CONFLICT', status: 409, responseText: body, attempts: 1 });
    expect(error.elapsedMs).toEqual(expect.any(Number));
    expect(error.message).toBe(`iikoServer refused GET ${PATHS.invoices} (409): Доступ запрещен B_VIEW_DOCS`);
    expect(error.request).toEqual({
      method: 'GET',
      path: PATHS.invoices,
      url: `${fake.baseUrl}${PATHS.invoices}?from=2026-07-01&to=2026-07-05&supplierId=s-1&key=***`,
    });
  });

  it('a failed login describes its request with the login but pass=***', async () => {
    const fake = suite.fake({ password: 'right' });

    const error = (await fake.client({ password: 'wrong' }).suppliers().catch((e: unknown) => e)) as IikoAuthError;

    expect(error.request!.url).toBe(`${fake.baseUrl}${PATHS.auth}?login=demo&pass=***`);
    expect(error.request!.path).toBe(PATHS.auth);
  });

  it('retried failures report every attempt and the whole time spent', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.stores, times: 5 });

    const error = (await fake
      .client({ retry: { retries: 3, minDelayMs: 10, maxDelayMs: 10 } })
      .stores()
      .catch((e: unknown) => e)) as IikoServerError;

    expect(error.attempts).toBe(4);
    expect(error.elapsedMs).toBeGreaterThanOrEqual(30 - 5); // three back-off waits of at least 10 ms
  });

  it('shortens a huge responseText to 2,000 characters', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(`java.lang.NullPointerException\n${'\tat resto.Foo.bar(Foo.java:1)\n'.repeat(500)}`, 404));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss' });

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoNotFoundError;

    expect(error.responseText!.length).toBe(2_001);
    expect(error.responseText!.endsWith('…')).toBe(true);
    expect(error.message).toMatch(/\(404\): java\.lang\.NullPointerException$/);
  });

  it('toJSON gives a plain object with the data, and a validation error adds its issues and raw text', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => xml('<employees><employee><name>без id</name></employee></employees>'));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss' });

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoValidationError;
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;

    expect(json).toMatchObject({
      name: 'IikoValidationError',
      code: 'VALIDATION_FAILED',
      status: 200,
      attempts: 1,
      request: { method: 'GET', path: PATHS.suppliers },
      rawText: '<employee><name>без id</name></employee>',
    });
    expect(json['issues']).toEqual([expect.objectContaining({ path: [0, 'id'] })]);
    expect(json['message']).toBe(error.message);
  });

  it('a network failure keeps Node’s error code on a redacted cause', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'reset', path: PATHS.suppliers, times: 3 });

    const error = (await fake.client().suppliers().catch((e: unknown) => e)) as IikoNetworkError;

    expect(error).toBeInstanceOf(IikoNetworkError);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.cause).toBeInstanceOf(Error);
    const code = (error.cause as { code?: unknown }).code;
    expect(code).toEqual(expect.any(String));
    expect(error.message).toContain(`(${String(code)})`);
  });
});

describe('the error classes', () => {
  const status = { status: 500 };
  const cases: Array<[IikoError, string, Array<abstract new (...args: never[]) => unknown>]> = [
    [new IikoHttpError('m', { status: 405 }), 'HTTP_ERROR', [IikoHttpError]],
    [new IikoBadRequestError('m', status), 'BAD_REQUEST', [IikoHttpError]],
    [new IikoPermissionError('m', status), 'PERMISSION_DENIED', [IikoHttpError]],
    [new IikoNotFoundError('m', status), 'NOT_FOUND', [IikoHttpError]],
    [new IikoConflictError('m', status), 'CONFLICT', [IikoHttpError]],
    [new IikoRateLimitError('m', status), 'RATE_LIMITED', [IikoHttpError]],
    [new IikoServerError('m', status), 'SERVER_ERROR', [IikoHttpError]],
    [new IikoAuthError('m'), 'AUTH_FAILED', []],
    [new IikoLicenseError('m'), 'LICENSE_UNAVAILABLE', []],
    [new IikoHtmlResponseError('m'), 'HTML_RESPONSE', []],
    [new IikoParseError('m'), 'PARSE_FAILED', []],
    [new IikoValidationError('m', { issues: [], rawText: '' }), 'VALIDATION_FAILED', []],
    [new IikoNetworkError('m'), 'NETWORK_ERROR', []],
    [new IikoTimeoutError('m'), 'TIMEOUT', []],
    [new IikoAbortError('m'), 'ABORTED', []],
    [new IikoArgumentError('m'), 'INVALID_ARGUMENT', []],
    [new IikoClientClosedError(), 'CLIENT_CLOSED', []],
  ];

  it.each(cases)('%s is an Error and an IikoError with its own name and code', (error, code, parents) => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(IikoError);
    expect(isIikoError(error)).toBe(true);
    expect(error.name).toBe(error.constructor.name);
    expect(error.code).toBe(code);
    for (const parent of parents) expect(error).toBeInstanceOf(parent);
  });

  it('instanceof distinguishes siblings: a licence error is not an auth error nor an HTTP error', () => {
    const licence = new IikoLicenseError('no slot', { status: 403 });
    expect(licence).not.toBeInstanceOf(IikoAuthError);
    expect(licence).not.toBeInstanceOf(IikoHttpError);
    expect(new IikoServerError('m', { status: 500 })).not.toBeInstanceOf(IikoBadRequestError);
  });

  it('isIikoError is false for anything else, look-alikes included', () => {
    for (const value of [new Error('x'), null, undefined, 'IikoError', 42, { code: 'AUTH_FAILED', name: 'IikoAuthError' }]) {
      expect(isIikoError(value)).toBe(false);
    }
    expect({ name: 'IikoError' }).not.toBeInstanceOf(IikoError);
  });
});

describe('a second copy of the package in the same process', () => {
  async function secondCopy(): Promise<typeof first> {
    vi.resetModules();
    const copy = (await import('../src/index')) as typeof first;
    expect(copy.IikoLicenseError).not.toBe(first.IikoLicenseError);
    expect(copy.IikoError).not.toBe(first.IikoError);
    return copy;
  }

  it('makes errors that isIikoError and instanceof of the first copy recognise, and the other way round', async () => {
    const second = await secondCopy();
    const fromSecond = new second.IikoLicenseError('no slot', { status: 403 });
    const fromFirst = new first.IikoTimeoutError('slow');

    expect(first.isIikoError(fromSecond)).toBe(true);
    expect(fromSecond).toBeInstanceOf(first.IikoLicenseError);
    expect(fromSecond).toBeInstanceOf(first.IikoError);
    expect(fromSecond).not.toBeInstanceOf(first.IikoAuthError);
    expect(second.isIikoError(fromFirst)).toBe(true);
    expect(fromFirst).toBeInstanceOf(second.IikoTimeoutError);
    expect(fromFirst).not.toBeInstanceOf(second.IikoAbortError);
  });

  it('throws from its client what the first copy catches by class', async () => {
    const second = await secondCopy();
    const fake = await suite.loopback({ licenceSlots: 0 });
    const client = suite.track(new second.IikoClient(fake.options()));

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(first.IikoLicenseError);
    expect(first.isIikoError(error) && error.code).toBe('LICENSE_UNAVAILABLE');
  });

  it('shares the first copy’s session and serial queue for the same server', async () => {
    const second = await secondCopy();
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'delay', ms: 10, path: /^\/resto\/api\/(corporation|suppliers)/, times: 10 });
    const a = fake.client();
    const b = suite.track(new second.IikoClient(fake.options()));

    await Promise.all([a.departments(), b.departments(), a.suppliers(), b.suppliers(), b.stores()]);

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.maxInFlight).toBe(1);
    await a.close();
    expect(fake.server.activeSessions()).toBe(1);
    await b.close();
    expect(fake.server.activeSessions()).toBe(0);
  });
});
