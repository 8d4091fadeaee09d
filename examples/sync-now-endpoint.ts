/**
 * A "sync now" button's back end: a plain `node:http` server.
 *
 *   POST /accounts/:id/sync             runs a sync and answers with its report (JSON body optional:
 *                                       { "entities": ["suppliers"], "invoices": { "from": "…", "to": "…" } });
 *                                       409 while a sync of that account is running, 404 without credentials
 *   POST /accounts/:id/test-connection  checks the login and licence slot, records the status in the vault
 *   GET  /accounts/:id/logs?limit=20    the account's latest sync log entries, newest first
 *
 * The request waits for the sync; for very large first imports a host would answer 202 and let the page
 * poll the logs instead. SIGINT/SIGTERM stop accepting requests, abort runs in flight and close the store.
 *
 * Without IIKO_BASE_URL it serves two accounts (acc-north, acc-south) from the fake iikoServer.
 *
 * Run: pnpm tsx examples/sync-now-endpoint.ts [--port 3000] [--db path]
 *      curl -X POST localhost:3000/accounts/acc-north/sync
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoSync, isIikoSyncError, type RunOptions } from '@getinn/iiko-sync';
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
if (fake) {
  for (const accountId of ['acc-north', 'acc-south']) {
    await vault.put(accountId, 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url });
  }
} else {
  await vault.put('acc-1', 'iiko', { login: process.env.IIKO_LOGIN!, password: process.env.IIKO_PASSWORD! }, { baseUrl: process.env.IIKO_BASE_URL! });
}
mkdirSync(dirname(args.db), { recursive: true });
const store = createSqliteSyncStore({ filename: args.db });
const sync = createIikoSync({ store, credentials: vault, currency: process.env.IIKO_CURRENCY ?? 'RUB' });
const shutdown = new AbortController();

// --- The endpoints.
const ERROR_STATUS: Record<string, number> = { SYNC_IN_PROGRESS: 409, CREDENTIALS_NOT_FOUND: 404, INVALID_CONFIGURATION: 400 };

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/accounts\/([^/]+)\/(sync|test-connection|logs)$/.exec(url.pathname);
  if (!match) return send(res, 404, { error: 'NOT_FOUND' });
  const accountId = decodeURIComponent(match[1]!);
  const action = `${req.method} ${match[2]}`;
  try {
    if (action === 'POST sync') {
      const body = await readJson(req);
      const options: RunOptions = { signal: shutdown.signal };
      if (Array.isArray(body.entities)) options.entities = body.entities;
      if (body.invoices) options.invoices = body.invoices;
      return send(res, 200, await sync.run(accountId, options));
    }
    if (action === 'POST test-connection') return send(res, 200, await sync.testConnection(accountId));
    if (action === 'GET logs') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 200);
      return send(res, 200, await store.listLogs(accountId, { limit }));
    }
    return send(res, 405, { error: 'METHOD_NOT_ALLOWED' });
  } catch (error) {
    // The sync's own errors carry a code and a secret-free message; anything else is a 500.
    if (isIikoSyncError(error) && ERROR_STATUS[error.code]) return send(res, ERROR_STATUS[error.code]!, error.toJSON());
    console.error(error);
    return send(res, 500, { error: 'INTERNAL' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text.trim() === '' ? {} : (JSON.parse(text) as Record<string, any>);
}

const server = createServer((req, res) => void handle(req, res));
server.listen(Number(args.port), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}`);
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
