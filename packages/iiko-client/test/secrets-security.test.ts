/**
 * Canary tests: a password, its SHA-1 and the session token must never reach an error (message, stack,
 * cause, JSON, util.inspect) or a log line, whatever fails — even when iikoServer or a proxy echoes the
 * request, token and all, in its answer.
 */
import { describe, expect, it } from 'vitest';
import {
  IikoAbortError,
  IikoAuthError,
  IikoBadRequestError,
  IikoConflictError,
  IikoHtmlResponseError,
  IikoLicenseError,
  IikoNetworkError,
  IikoParseError,
  IikoServerError,
  IikoTimeoutError,
  IikoValidationError,
  type IikoClient,
  type IikoError,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { CANARY_PASSWORD as PASSWORD, CANARY_PASSWORD_SHA1 as HASH, exposedTexts, leaks } from './support/exposure';
import { recordingLogger, type RecordingLogger } from './support/logger';
import { employees, html, networkError, scriptedIiko, text, xml, type ScriptedIiko } from './support/scripted-iiko';

const suite = useSuite();

const TOKEN = '5e2f9c1d-7b3a-4d6e-9f08-1a2b3c4d5e6f'; // the canary has the shape of an iiko token, or the client refuses it

const CANARIES = {
  password: PASSWORD,
  'password (URL-encoded)': encodeURIComponent(PASSWORD),
  'password SHA-1': HASH,
  token: TOKEN,
};

/**
 * What a careless server or proxy might answer after a read: the request with its secrets, and the secrets
 * alone. It holds only what a server can know — the token and the hash it received; the password itself
 * never leaves the client (it is added anyway, as a belt-and-braces check of the redaction).
 */
const ECHO =
  `Request GET /resto/api/suppliers?key=${TOKEN}&pass=${HASH} failed\n` + `key: ${TOKEN}\npass: ${HASH}\npassword: ${PASSWORD}`;
/** The same for a failed login: the server has seen the hash, and no token was issued. */
const LOGIN_ECHO = `Request GET /resto/api/auth?login=getinn&pass=${HASH} failed\npass: ${HASH}\npassword: ${PASSWORD}`;

const escapeXml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Scenario {
  /** The failure being played. */
  readonly name: string;
  readonly kind: abstract new (...args: never[]) => IikoError;
  /** Routes of the scripted server (login answers the canary token unless `auth` is routed here). */
  readonly routes: (iiko: ScriptedIiko) => void;
  /** The call that fails (default: `client.suppliers()`). */
  readonly call?: (client: IikoClient, iiko: ScriptedIiko) => Promise<unknown>;
  readonly timeoutMs?: number;
}

const controllers = new WeakMap<ScriptedIiko, AbortController>();

const SCENARIOS: Scenario[] = [
  { name: '401 twice on a read', kind: IikoAuthError, routes: (i) => i.on(PATHS.suppliers, () => text(ECHO, 401)) },
  { name: '403 licence on a read', kind: IikoLicenseError, routes: (i) => i.on(PATHS.suppliers, () => text(`License enhancement is required: no connections available for module RMS (API)\n${ECHO}`, 403)) },
  { name: '409 business error', kind: IikoConflictError, routes: (i) => i.on(PATHS.suppliers, () => text(`Доступ запрещен B_VIEW_DOCS ${ECHO}`, 409)) },
  { name: '400 bad parameter', kind: IikoBadRequestError, routes: (i) => i.on(PATHS.suppliers, () => text(`Wrong date format: ${ECHO}`, 400)) },
  { name: '500 echoing the token and URL', kind: IikoServerError, routes: (i) => i.on(PATHS.suppliers, () => text(`java.lang.IllegalStateException: ${ECHO}`, 500)) },
  { name: 'HTML page (200) echoing the URL', kind: IikoHtmlResponseError, routes: (i) => i.on(PATHS.suppliers, () => html(`<html><body><p>${ECHO}</p><a href="/resto/api/suppliers?key=${TOKEN}">retry</a></body></html>`)) },
  { name: 'HTML page (502) from a proxy', kind: IikoHtmlResponseError, routes: (i) => i.on(PATHS.suppliers, () => html(`<html><body>${ECHO}</body></html>`, 502)) },
  { name: 'HTML page labelled as XML', kind: IikoHtmlResponseError, routes: (i) => i.on(PATHS.suppliers, () => html(`<!doctype html><html><body>${ECHO}</body></html>`, 200, 'application/xml')) },
  { name: 'truncated XML holding the token', kind: IikoParseError, routes: (i) => i.on(PATHS.suppliers, () => xml(`<employees><employee><id>${TOKEN}</id><name>${PASSWORD}`)) },
  { name: 'broken XML whose bad tag is the token', kind: IikoParseError, routes: (i) => i.on(PATHS.suppliers, () => xml(`<employees><${TOKEN}></employees>`)) },
  { name: 'connection reset', kind: IikoNetworkError, routes: (i) => i.on(PATHS.suppliers, networkError) },
  {
    name: 'attempt timeout',
    kind: IikoTimeoutError,
    timeoutMs: 30,
    routes: (i) =>
      i.on(PATHS.suppliers, async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return text(ECHO, 500);
      }),
  },
  {
    name: 'abort by the caller',
    kind: IikoAbortError,
    routes: (i) =>
      i.on(PATHS.suppliers, (request) => {
        controllers.get(i)!.abort(new Error(`aborting ${ECHO}`));
        return networkError(request);
      }),
    call: (client, i) => {
      const controller = new AbortController();
      controllers.set(i, controller);
      return client.suppliers({ signal: controller.signal });
    },
  },
  { name: 'validation error whose raw element holds the secrets', kind: IikoValidationError, routes: (i) => i.on(PATHS.suppliers, () => xml(employees(`<name>${escapeXml(ECHO)}</name><note>${TOKEN}</note>`))) },
  { name: 'validation error whose bad value is the token', kind: IikoValidationError, routes: (i) => i.on(PATHS.suppliers, () => xml(employees(`<id>x</id><deleted>${TOKEN}</deleted><birthday>${HASH}</birthday>`))) },
  { name: 'login refused (401) echoing the hash', kind: IikoAuthError, routes: (i) => i.on(PATHS.auth, () => text(`Неверный логин или пароль: ${LOGIN_ECHO}`, 401)) },
  { name: 'login without a licence slot (403)', kind: IikoLicenseError, routes: (i) => i.on(PATHS.auth, () => text(`License enhancement is required: no connections available for module RMS (API) ${LOGIN_ECHO}`, 403)) },
  { name: 'login failing with 500', kind: IikoServerError, routes: (i) => i.on(PATHS.auth, () => text(LOGIN_ECHO, 500)) },
  { name: 'login answered with HTML', kind: IikoHtmlResponseError, routes: (i) => i.on(PATHS.auth, () => html(`<html>${LOGIN_ECHO}</html>`)) },
  { name: 'login answered with HTML as text/plain', kind: IikoHtmlResponseError, routes: (i) => i.on(PATHS.auth, () => text(`<html>${LOGIN_ECHO}</html>`)) },
  { name: 'login answered with an empty body', kind: IikoParseError, routes: (i) => i.on(PATHS.auth, () => text('')) },
  { name: 'login reset', kind: IikoNetworkError, routes: (i) => i.on(PATHS.auth, networkError) },
];

/** Runs one failure with a canary client and returns the error and the log. */
async function play(scenario: Scenario): Promise<{ error: unknown; log: RecordingLogger; iiko: ScriptedIiko }> {
  const iiko = scriptedIiko(suite.msw, { token: TOKEN });
  scenario.routes(iiko);
  const log = recordingLogger();
  const client = suite.client({
    baseUrl: iiko.baseUrl,
    login: 'getinn',
    password: PASSWORD,
    retry: FAST_RETRY,
    logger: log.logger,
    logLevel: 'debug',
    timeoutMs: scenario.timeoutMs,
    cooldownAfterTimeoutMs: 0, // a login slower than the 30 ms attempt timeout must not wait out 10 s
  });
  const error = await (scenario.call ?? ((c: IikoClient) => c.suppliers()))(client, iiko).then(
    () => new Error('the call was expected to fail'),
    (e: unknown) => e,
  );
  await client.close();
  return { error, log, iiko };
}

describe('no secret in any error or log line', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const { error, log } = await play(scenario);

    expect(error).toBeInstanceOf(scenario.kind);
    expect(leaks(exposedTexts(error), CANARIES)).toEqual([]);
    expect(leaks({ 'log lines': log.text() }, CANARIES)).toEqual([]);
    expect(log.requestLines().length).toBeGreaterThan(0);
  });

  it('the scenarios really put the secrets on the wire and in the answers (the canaries are live)', async () => {
    const { iiko } = await play(SCENARIOS[0]!);
    const auth = iiko.seen.find((request) => request.path === PATHS.auth)!;
    expect(auth.url.searchParams.get('pass')).toBe(HASH);
    const read = iiko.seen.find((request) => request.path === PATHS.suppliers)!;
    expect(read.url.searchParams.get('key')).toBe(TOKEN);
    expect(ECHO).toContain(TOKEN);
  });

  it('keeps iiko’s own words and masks only the secrets', async () => {
    const { error } = await play(SCENARIOS[2]!);
    const conflict = error as IikoConflictError;
    expect(conflict.responseText).toContain('Доступ запрещен B_VIEW_DOCS');
    expect(conflict.responseText).toContain('?key=***&pass=***');
    expect(conflict.request!.url).toMatch(/[?&]key=\*\*\*$/);
  });

  it('masks key= and pass= in any URL the server echoes, even a token the client never had', async () => {
    const foreign = 'f0f0f0f0-aaaa-bbbb-cccc-000000000001';
    const iiko = scriptedIiko(suite.msw, { token: TOKEN }).on(PATHS.suppliers, () =>
      text(`see http://proxy/resto/api/suppliers?key=${foreign}&pass=abc123&from=2024-01-01`, 409),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'getinn', password: PASSWORD, retry: FAST_RETRY });

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoConflictError;

    expect(error.responseText).toBe('see http://proxy/resto/api/suppliers?key=***&pass=***&from=2024-01-01');
    expect(leaks(exposedTexts(error), { foreign })).toEqual([]);
  });

  it('a failing logout on close is swallowed and logged without the token', async () => {
    const iiko = scriptedIiko(suite.msw, { token: TOKEN })
      .on(PATHS.suppliers, () => xml(employees('<id>a</id>')))
      .on(PATHS.logout, () => text(ECHO, 500));
    const log = recordingLogger();
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'getinn', password: PASSWORD, retry: FAST_RETRY, logger: log.logger, logLevel: 'debug' });

    await client.suppliers();
    await expect(client.close()).resolves.toBeUndefined();

    expect(log.lines.some((line) => line.level === 'warn' && /logout failed/.test(line.message ?? ''))).toBe(true);
    expect(leaks({ 'log lines': log.text() }, CANARIES)).toEqual([]);
  });
});

describe('no secret over real sockets either (loopback fake, token recorded from the login answer)', () => {
  async function canaryClient(options: { timeoutMs?: number } = {}) {
    const fake = await suite.loopback({ password: PASSWORD, licenceSlots: 2 });
    const tokens: string[] = [];
    const log = recordingLogger();
    const client = fake.client({
      ...options,
      logger: log.logger,
      logLevel: 'debug',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname === PATHS.auth && response.ok) tokens.push((await response.clone().text()).trim());
        return response;
      },
    });
    await client.departments(); // logged in: the token is known from here on
    expect(tokens).toHaveLength(1);
    const canaries = { ...CANARIES, token: tokens[0]! };
    const echo = (token: string): string => `GET /resto/api/suppliers?key=${token}&pass=${HASH} → ${token} ${PASSWORD}`;
    return { fake, client, log, canaries, tokens, echo };
  }

  it.each([
    ['500 echoing the token', IikoServerError],
    ['connection reset', IikoNetworkError],
    ['body cut off', IikoNetworkError],
    ['attempt timeout', IikoTimeoutError],
    ['401 after a restart, twice', IikoAuthError],
  ] as const)('%s', async (name, kind) => {
    const { fake, client, log, canaries, tokens, echo } = await canaryClient({ timeoutMs: 200 });
    const path = PATHS.suppliers;
    if (name === '500 echoing the token') fake.server.injectFault({ kind: 'status', status: 500, body: echo(tokens[0]!), path, times: 3 });
    if (name === 'connection reset') fake.server.injectFault({ kind: 'reset', path, times: 3 });
    if (name === 'body cut off') fake.server.injectFault({ kind: 'truncate', path, times: 3 });
    if (name === 'attempt timeout') fake.server.injectFault({ kind: 'delay', ms: 1_000, path, times: 3 });
    if (name === '401 after a restart, twice') {
      fake.server.restart();
      // Both the old token and the re-login's new one are refused; the 401 bodies echo the first token.
      fake.server.injectFault({ kind: 'status', status: 401, body: echo(tokens[0]!), path, times: 2 });
    }

    const error = await client.suppliers().catch((e: unknown) => e);
    await client.close();
    if (name === '401 after a restart, twice') expect(tokens).toHaveLength(2);

    expect(error).toBeInstanceOf(kind);
    const all = { ...canaries, ...Object.fromEntries(tokens.map((token, i) => [`token #${i + 1}`, token])) };
    expect(leaks(exposedTexts(error), all)).toEqual([]);
    expect(leaks({ 'log lines': log.text() }, all)).toEqual([]);
  });
});
