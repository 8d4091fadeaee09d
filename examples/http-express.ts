/**
 * The iiko routes of `@getinn/iiko-http` in an Express 5 app. Express hands out Node's request and
 * response, so `getRequestListener` (from `@hono/node-server`, a small adapter with no framework in it)
 * turns them into the web `Request` the handler takes and writes its `Response` back.
 *
 * Mount it before `express.json()` (or any body parser): the handler reads and validates the body
 * itself, and a parser that ran first would leave it nothing to read.
 *
 * Routes, users and accounts as in http-hono.ts (`Authorization: Bearer demo-token`; acc-north, acc-south).
 *
 * Run: pnpm tsx examples/http-express.ts [--port 3000]
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoHttpHandler, type IikoHttpAuthorize } from '@getinn/iiko-http';
import { createIikoSync, createMemorySyncStore } from '@getinn/iiko-sync';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '3000' } } });

// --- The host's wiring (as in http-hono.ts).
const fake = await startFakeIikoServer({ dataset: { restaurants: 2, suppliers: 10, invoices: 30 } });
const vault = createCredentialVault({
  keyring: createKeyring({ keys: { example: randomBytes(32) }, primaryKeyId: 'example' }),
  store: createMemoryCredentialStore(),
  audit: (event) => console.log(`audit: ${event.actor} ${event.action} ${event.accountId} ${event.outcome}`),
});
const sync = createIikoSync({ store: createMemorySyncStore(), credentials: vault, currency: 'RUB' });
const users = new Map([['demo-token', { id: 'demo', accounts: ['acc-north', 'acc-south'] }]]);

const authorize: IikoHttpAuthorize = ({ request, accountId }) => {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  const user = token === undefined ? undefined : users.get(token);
  if (user === undefined) return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
  return user.accounts.includes(accountId) ? { actor: `user:${user.id}` } : { status: 403 };
};

// --- The app. `app.all` (not `app.use('/api', …)`) keeps the full path in req.url, which basePath expects.
const iikoHttp = getRequestListener(createIikoHttpHandler({ vault, sync, authorize, basePath: '/api' }));
const app = express();
app.all('/api/{*rest}', (req, res) => void iikoHttp(req, res));
app.use(express.json()); // the app's own JSON routes, after the iiko mount
app.get('/health', (_req, res) => void res.send('ok'));

const server = app.listen(Number(args.port), '127.0.0.1', () => {
  console.log(`fake iikoServer: ${fake.url} (login ${fake.server.login}, password ${fake.server.password})`);
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await fake.close();
      console.log('closed');
    });
    server.closeIdleConnections();
  });
}
