/**
 * Canary tests: a password, its SHA-1 (which iiko accepts as the password), every session token iiko
 * handed out and the sealing key must appear in no answer — status, body or header — no log line and no
 * audit event, whatever route and whatever failure.
 */
import { afterEach, expect, it } from 'vitest';
import { CANARY_PASSWORD, startHarness, takeAllLicenceSlots, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('lets no password, hash, token or key into any answer, log line or audit event, on any route or failure', async () => {
  const h = (harness = await startHarness({ licenceSlots: 2 }));
  const wrong = 'canary-other-Pw-секрет-55aa';
  const login = h.fake.server.login;
  const connect = (body: unknown, token = 'token-alice') => h.call('POST', 'acc-1/integrations/iiko/connect', { body, token });

  await connect({ login, password: CANARY_PASSWORD, baseUrl: h.fake.url });
  await connect({ login, password: wrong });
  await connect({ login, password: wrong, baseUrl: `https://${login}:${wrong}@chain.iiko.it` });
  await connect({ login, password: wrong, baseUrl: `${h.fake.url}/resto?pass=${wrong}` });
  await connect(`{"login":"${login}","password":"${wrong}"`);
  await connect(`password=${wrong}`);
  await connect({ login, password: wrong }, 'nobody');
  await h.call('POST', 'acc-1/integrations/iiko/connect', { body: JSON.stringify({ login, password: wrong }), headers: { 'content-type': 'text/plain' } });
  await h.call('GET', 'acc-1/integrations/iiko/status');
  await h.call('POST', 'acc-1/integrations/iiko/sync/all');
  h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/suppliers', times: 3 });
  await h.call('POST', 'acc-1/integrations/iiko/sync/suppliers');
  h.fake.server.injectFault({ kind: 'html', path: '/resto/api/corporation' });
  await h.call('POST', 'acc-1/integrations/iiko/sync/restaurants');
  const free = await takeAllLicenceSlots(h, 2);
  await h.call('POST', 'acc-1/integrations/iiko/sync/all');
  await connect({ login, password: CANARY_PASSWORD });
  await free();
  await h.call('GET', 'acc-1/integrations/iiko/logs?limit=200');
  await h.call('GET', `acc-1/integrations/iiko/logs?limit=${wrong}`);
  await h.call('GET', 'acc-1/integrations/iiko/status');
  await h.call('DELETE', 'acc-1/integrations/iiko/connect');
  await h.fake.close();
  await connect({ login, password: CANARY_PASSWORD, baseUrl: h.fake.url });

  // The run really went through logins, failures and log lines, so the search had something to look at.
  expect(h.tokens.length).toBeGreaterThanOrEqual(4);
  expect(h.logLines.length).toBeGreaterThan(20);
  const everything = h.answers.join('\n');
  for (const expected of ['AUTH_FAILED', 'LICENSE_UNAVAILABLE', 'HTML_RESPONSE', 'NETWORK_ERROR', 'invalid-json', 'unsupported-media-type', 'unauthenticated']) {
    expect(everything).toContain(expected);
  }
  h.assertNoSecrets([wrong]);
});

it('the canary search itself finds a secret that did leak', async () => {
  const h = (harness = await startHarness());
  h.answers.push(`200\n\n{"echo":"${CANARY_PASSWORD}"}`);
  expect(() => h.assertNoSecrets()).toThrow(/a secret leaked/);
});
