import { passwordSha1 } from '@getinn/iiko-client';
import { afterEach, expect, it } from 'vitest';
import { FAST_CLIENT, startHarness, type Harness } from './helpers';

/** A password that must appear nowhere the sync writes or throws: reports, the sync log, log lines, errors. */
const CANARY = 'canary-Zq8!секрет-7f3a9c51';
const NO_LICENCE = 'License enhancement is required: no connections available for module RMS (API)';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('never lets the password, its SHA-1 or a session token into reports, logs, log lines or errors', async () => {
  const h = (harness = await startHarness({ password: CANARY }));
  await h.addAccount('acc-1');
  const tokens: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).includes('/resto/api/auth')) tokens.push((await response.clone().text()).trim());
    return response;
  };
  const sync = h.createSync({ clientOptions: { ...FAST_CLIENT, fetch: recordingFetch, logLevel: 'debug' } });
  const written: unknown[] = [];

  written.push(await sync.testConnection('acc-1'));
  written.push(await sync.run('acc-1'));
  h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/suppliers', times: 3 });
  written.push(await sync.run('acc-1'));
  h.fake.server.injectFault({ kind: 'status', status: 401, path: '/resto/api/corporation/stores', times: 2 });
  written.push(await sync.run('acc-1'));
  h.fake.server.injectFault({ kind: 'status', status: 403, body: NO_LICENCE, path: '/resto/api/documents' });
  written.push(await sync.run('acc-1'));
  h.fake.server.injectFault({ kind: 'html', path: '/resto/api/suppliers' });
  written.push(await sync.run('acc-1'));

  // A wrong password that is itself a canary, and an invalid base URL that carries the password.
  await h.addAccount('acc-1', { password: `${CANARY}-wrong` });
  written.push(await sync.testConnection('acc-1'));
  written.push(await sync.run('acc-1').catch((error: unknown) => error));
  await h.vault.put('acc-2', 'iiko', { login: 'demo', password: CANARY }, { baseUrl: `${h.fake.url}/resto?pass=${CANARY}` });
  written.push(await sync.run('acc-2').catch((error: unknown) => error));
  written.push(await sync.testConnection('acc-2').catch((error: unknown) => error));

  written.push(await h.store.listLogs('acc-1', { limit: 100 }));
  written.push(await h.vault.list('acc-1'));
  const everything = [
    JSON.stringify(written),
    ...written.filter((item): item is Error => item instanceof Error).flatMap((error) => [error.message, error.stack ?? '']),
    ...h.logLines,
  ].join('\n');

  expect(tokens.length).toBeGreaterThan(3);
  expect(h.logLines.length).toBeGreaterThan(10);
  for (const secret of [CANARY, passwordSha1(CANARY), passwordSha1(`${CANARY}-wrong`), ...tokens]) {
    expect(everything).not.toContain(secret);
  }
  // The failures were really recorded (so the check above had something to look at).
  expect(everything).toContain('SERVER_ERROR');
  expect(everything).toContain('LICENSE_UNAVAILABLE');
  expect(everything).toContain('AUTH_FAILED');
  expect(everything).toContain('HTML_RESPONSE');
  expect(h.fake.server.activeSessions()).toBe(0);
});
