/**
 * The iiko routes of `@getinn/iiko-http` in a Hono app: the handler takes the web `Request` Hono already
 * has (`c.req.raw`) and returns a `Response`, so mounting it is one line. Authentication stays the
 * app's: `authorize` reads the bearer token, says who the user is (the actor of every credential change
 * in the vault's audit log) and which accounts they may touch.
 *
 *   POST   /api/accounts/:id/integrations/iiko/connect       { login, password, baseUrl? }: tested, then stored
 *   GET    /api/accounts/:id/integrations/iiko/status
 *   POST   /api/accounts/:id/integrations/iiko/sync/:entity  restaurants | stores | suppliers | invoices | all
 *   GET    /api/accounts/:id/integrations/iiko/logs?limit=20
 *   DELETE /api/accounts/:id/integrations/iiko/connect
 *   GET    /api/openapi.json
 *
 * It serves the fake iikoServer (the startup lines print its address and login) and one user, `demo`,
 * with the token `demo-token` and the accounts acc-north and acc-south.
 *
 * Run: pnpm tsx examples/http-hono.ts [--port 3000]
 *      curl -X POST localhost:3000/api/accounts/acc-north/integrations/iiko/connect -H 'authorization: Bearer demo-token' \
 *           -H 'content-type: application/json' -d '{"login":"demo","password":"demo-password","baseUrl":"<fake address>"}'
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoHttpHandler, type IikoHttpAuthorize } from '@getinn/iiko-http';
import { createIikoSync, createMemorySyncStore } from '@getinn/iiko-sync';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '3000' } } });

// --- The host's wiring: a vault, a sync store and the app's own users (all would be the host's own).
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

// --- The app: the iiko routes are one mount among the app's own.
const iikoHttp = createIikoHttpHandler({ vault, sync, authorize, basePath: '/api' });
const app = new Hono();
app.get('/health', (c) => c.text('ok'));
app.all('/api/*', (c) => iikoHttp(c.req.raw));

const server = serve({ fetch: app.fetch, port: Number(args.port), hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`fake iikoServer: ${fake.url} (login ${fake.server.login}, password ${fake.server.password})`);
  console.log(`listening on http://127.0.0.1:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await fake.close();
      console.log('closed');
    });
  });
}
