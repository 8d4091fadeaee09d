/**
 * A "sync now" button's back end on plain `node:http`, with `@getinn/iiko-http`: the handler is a
 * function from a web `Request` to a `Response`, and `getRequestListener` (from `@hono/node-server`, a
 * small adapter with no framework in it) makes it a `node:http` request listener. The same handler in
 * an app framework: http-hono.ts (Hono) and http-express.ts (Express).
 *
 *   POST /accounts/:id/integrations/iiko/sync/all   runs a sync and answers with its report;
 *                                                   409 while a sync of that account is running
 *   GET  /accounts/:id/integrations/iiko/status     the connection and the latest sync of each entity
 *   GET  /accounts/:id/integrations/iiko/logs       the sync log, newest first
 *   …and connect, disconnect, openapi.json — see docs/iiko-http.md.
 *
 * Syncs run inline here (no job engine), so the request waits for the report. SIGINT/SIGTERM stop
 * accepting requests, abort runs in flight (their entity is logged `aborted`) and close the store.
 * Without IIKO_BASE_URL it serves two accounts (acc-north, acc-south) from the fake iikoServer; every
 * request needs `Authorization: Bearer demo-token`.
 *
 * Run: pnpm tsx examples/sync-now-endpoint.ts [--port 3000] [--db path]
 *      curl -X POST localhost:3000/accounts/acc-north/integrations/iiko/sync/all -H 'authorization: Bearer demo-token'
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoHttpHandler } from '@getinn/iiko-http';
import { createIikoSync } from '@getinn/iiko-sync';
import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    db: { type: 'string', default: '.demo/sync-now.sqlite' },
  },
});

// --- The host's wiring.
const vault = createCredentialVault({
  keyring: createKeyring({ keys: { example: randomBytes(32) }, primaryKeyId: 'example' }),
  store: createMemoryCredentialStore(),
});
const fake = process.env.IIKO_BASE_URL ? undefined : await startFakeIikoServer({ dataset: { restaurants: 3, suppliers: 30, invoices: 120 } });
const accounts = fake ? ['acc-north', 'acc-south'] : ['acc-1'];
for (const accountId of accounts) {
  const login = fake ? { login: fake.server.login, password: fake.server.password } : { login: process.env.IIKO_LOGIN!, password: process.env.IIKO_PASSWORD! };
  await vault.put(accountId, 'iiko', login, { baseUrl: fake?.url ?? process.env.IIKO_BASE_URL! });
}
mkdirSync(dirname(args.db), { recursive: true });
const store = createSqliteSyncStore({ filename: args.db });
const sync = createIikoSync({ store, credentials: vault, currency: process.env.IIKO_CURRENCY ?? 'RUB' });
const shutdown = new AbortController();

// --- The endpoint: authorization is the host's (here one demo token for every account).
const iikoHttp = createIikoHttpHandler({
  vault,
  sync,
  signal: shutdown.signal,
  authorize: ({ request, accountId }) => {
    if (request.headers.get('authorization') !== 'Bearer demo-token') return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
    return accounts.includes(accountId) ? { actor: 'user:demo' } : { status: 403 };
  },
});
const server = createServer(getRequestListener(iikoHttp));
server.listen(Number(args.port), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: closing`);
    shutdown.abort();
    server.close(async () => {
      store.close();
      await fake?.close();
      console.log('closed');
    });
    server.closeIdleConnections();
  });
}
