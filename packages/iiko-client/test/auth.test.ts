import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  IikoArgumentError,
  IikoAuthError,
  IikoClient,
  IikoHtmlResponseError,
  IikoParseError,
  IikoServerError,
  passwordSha1,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { employees, html, scriptedIiko, text } from './support/scripted-iiko';

const suite = useSuite();

const RESTO_TEST_SHA1 = '2155245b2c002a1986d3f384af93be813537a476';
const ONE_SUPPLIER = employees('<id>a1</id><name>ООО «Ферма»</name>');

describe('the password iikoServer receives', () => {
  it('is the lowercase hex SHA-1 of the UTF-8 password (vendor vector resto#test)', async () => {
    expect(passwordSha1('resto#test')).toBe(RESTO_TEST_SHA1);
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(ONE_SUPPLIER));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'resto#test', retry: FAST_RETRY });

    await client.suppliers();

    const login = iiko.seen.find((request) => request.path === PATHS.auth)!;
    expect(login.url.searchParams.get('login')).toBe('api');
    expect(login.url.searchParams.get('pass')).toBe(RESTO_TEST_SHA1);
  });

  it('hashes a Cyrillic password over its UTF-8 bytes, not a single-byte code page', async () => {
    const password = 'Пароль-Ёжик №1';
    const utf8 = createHash('sha1').update(Buffer.from(password, 'utf8')).digest('hex');
    const latin1 = createHash('sha1').update(Buffer.from(password, 'latin1')).digest('hex');
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(ONE_SUPPLIER));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password, retry: FAST_RETRY });

    await client.suppliers();

    const sent = iiko.seen.find((request) => request.path === PATHS.auth)!.url.searchParams.get('pass');
    expect(sent).toBe(utf8);
    expect(sent).not.toBe(latin1);
  });

  it('logs in to the fake with a Cyrillic password, which checks the hash the same way', async () => {
    const fake = suite.fake({ password: 'секрет-Пароль' });
    await expect(fake.client().departments()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });

  it('sends a pre-hashed passwordSha1 as given, lower-cased, and never needs the clear password', async () => {
    const fake = suite.fake({ password: 'resto#test' });
    const client = suite.client({
      baseUrl: fake.baseUrl,
      login: fake.server.login,
      passwordSha1: RESTO_TEST_SHA1.toUpperCase(),
      retry: FAST_RETRY,
    });

    await expect(client.suppliers()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.auth).map((request) => request.status)).toEqual([200]);
  });

  it('refuses a passwordSha1 that is not 40 hex digits, and a missing password, before any request', () => {
    const iiko = scriptedIiko(suite.msw);
    expect(() => new IikoClient({ baseUrl: iiko.baseUrl, login: 'api', passwordSha1: 'resto#test' })).toThrow(IikoArgumentError);
    expect(() => new IikoClient({ baseUrl: iiko.baseUrl, login: 'api' })).toThrow(IikoArgumentError);
    expect(() => new IikoClient({ baseUrl: iiko.baseUrl, login: 'api', password: '' })).toThrow(IikoArgumentError);
    expect(() => new IikoClient({ baseUrl: iiko.baseUrl, login: '', password: 'x' })).toThrow(IikoArgumentError);
    expect(() => new IikoClient({ baseUrl: 'not a url', login: 'api', password: 'x' })).toThrow(IikoArgumentError);
    expect(() => new IikoClient({ baseUrl: 'ftp://x.iiko.it', login: 'api', password: 'x' })).toThrow(IikoArgumentError);
    expect(iiko.seen).toHaveLength(0);
  });
});

describe('the login answer', () => {
  it('is trimmed before it is used as the key', async () => {
    const iiko = scriptedIiko(suite.msw, { auth: [() => text('  b354d18c-3d3a-e1a6-c3b9-9ef7b5055318 \r\n')] }).on(
      PATHS.suppliers,
      () => text(ONE_SUPPLIER),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await client.suppliers();

    const read = iiko.seen.find((request) => request.path === PATHS.suppliers)!;
    expect(read.url.searchParams.get('key')).toBe('b354d18c-3d3a-e1a6-c3b9-9ef7b5055318');
  });

  it('is a retried transport failure, not a wrong password, when the body is empty', async () => {
    const iiko = scriptedIiko(suite.msw, { auth: [() => text(''), () => text('b354d18c-3d3a-e1a6-c3b9-9ef7b5055318')] }).on(
      PATHS.suppliers,
      () => text(ONE_SUPPLIER),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers()).resolves.toHaveLength(1);

    expect(iiko.count(PATHS.auth)).toBe(2);
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });

  it('fails with IikoParseError (PARSE_FAILED, never AUTH_FAILED) when every answer is empty', async () => {
    const iiko = scriptedIiko(suite.msw, { auth: [() => text('')] }).on(PATHS.suppliers, () => text(ONE_SUPPLIER));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    const error = await client.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoParseError);
    expect(error).not.toBeInstanceOf(IikoAuthError);
    expect((error as IikoParseError).message).toMatch(/empty body/);
    expect(iiko.count(PATHS.auth)).toBe(FAST_RETRY.retries + 1);
    expect(iiko.count(PATHS.suppliers)).toBe(0);
  });

  it.each([
    ['labelled text/html', () => html('<html><body><h1>Welcome to nginx!</h1></body></html>')],
    ['labelled text/plain', () => text('<html><body>Apache Tomcat</body></html>')],
  ])('fails with IikoHtmlResponseError when it is an HTML page %s, and is not retried', async (_label, page) => {
    const iiko = scriptedIiko(suite.msw, { auth: [page] }).on(PATHS.suppliers, () => text(ONE_SUPPLIER));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    const error = await client.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoHtmlResponseError);
    expect(iiko.count(PATHS.auth)).toBe(1);
    expect(iiko.count(PATHS.suppliers)).toBe(0);
  });

  it.each([
    ['a greeting', 'Добро пожаловать!'],
    ['a token cut short (7 characters)', 'b354d18'],
    ['a token cut short (30 characters)', 'b354d18c-3d3a-e1a6-c3b9-9ef7b5'],
    ['a token with a stray character', 'b354d18c-3d3a-e1a6-c3b9-9ef7b505531z'],
  ])('retries a login answered with %s, and never sends it as a key', async (_label, body) => {
    const iiko = scriptedIiko(suite.msw, { auth: [() => text(body)] });
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoParseError);
    expect(iiko.count(PATHS.auth)).toBe(FAST_RETRY.retries + 1);
    expect(iiko.seen.filter((request) => request.path !== PATHS.auth && request.path !== PATHS.logout)).toEqual([]);
  });
});

describe('bad credentials', () => {
  it('fail with IikoAuthError after exactly one login request', async () => {
    const fake = suite.fake({ password: 'right' });
    const client = fake.client({ password: 'wrong' });

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoAuthError);
    expect((error as IikoAuthError).status).toBe(401);
    expect((error as IikoAuthError).responseText).toBe('Неверный логин или пароль');
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.requests).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('cause one login request for many concurrent calls, not one each', async () => {
    const fake = suite.fake({ password: 'right' });
    const client = fake.client({ password: 'wrong' });

    const results = await Promise.allSettled([client.departments(), client.stores(), client.suppliers(), client.departments()]);

    expect(results.every((result) => result.status === 'rejected' && result.reason instanceof IikoAuthError)).toBe(true);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });

  it('with a wrong login are refused the same way', async () => {
    const fake = suite.fake();
    await expect(fake.client({ login: 'nobody' }).suppliers()).rejects.toBeInstanceOf(IikoAuthError);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });
});

describe('a login the server fails to answer', () => {
  it('is retried only within the retry budget, not once per retry of the call (no nested retry storm)', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.auth, times: 100 });
    const client = fake.client({ retry: FAST_RETRY });

    const error = await client.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoServerError);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(FAST_RETRY.retries + 1);
    expect((error as IikoServerError).attempts).toBe(FAST_RETRY.retries + 1);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(0);
  });

  it('succeeds when the server recovers within the budget, taking one slot', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.auth, times: 2 });

    await expect(fake.client().suppliers()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.auth).map((request) => request.status)).toEqual([500, 500, 200]);
    expect(fake.server.activeSessions()).toBe(1);
  });
});
