/**
 * Test fixtures: fake iikoServers on loopback with one iiko login per account, a credential source
 * over those logins, and a log sink that keeps every line (for the secret canaries).
 */
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import type { IikoCredentialEntry, IikoCredentialSource, Logger } from '@getinn/iiko-sync';
import type { JobAccount } from '../../src/index';

/** One test account: its login on one of the fakes. */
export interface TestAccount {
  accountId: string;
  baseUrl: string;
  login: string;
  password: string;
  isActive: boolean;
}

/** Small, fixed data: a run takes a handful of requests. */
export const SMALL_DATASET = { restaurants: 1, storesPerRestaurant: 1, suppliers: 2, invoices: 2, linesPerInvoice: 1, from: '2026-07-01', to: '2026-07-02' } as const;

/**
 * Starts `servers` fakes with `perServer` accounts each: account `a<server>-<n>` logs in as
 * `login-<n>` on server `<server>`.
 */
export async function startFakes(
  servers: number,
  perServer: number,
  options: { licenceSlots?: number; password?: (accountId: string) => string } = {},
): Promise<{ fakes: RunningFakeIikoServer[]; accounts: TestAccount[]; close: () => Promise<void> }> {
  const fakes: RunningFakeIikoServer[] = [];
  const accounts: TestAccount[] = [];
  for (let server = 0; server < servers; server += 1) {
    const users = Array.from({ length: perServer }, (_, n) => ({ login: `login-${n}`, password: `pw-${server}-${n}-canary` }));
    const fake = await startFakeIikoServer({
      login: 'admin',
      password: 'admin-password',
      users,
      licenceSlots: options.licenceSlots ?? 1,
      dataset: SMALL_DATASET,
    });
    fakes.push(fake);
    users.forEach((user, n) => {
      const accountId = `a${server}-${n}`;
      accounts.push({ accountId, baseUrl: fake.url, login: user.login, password: options.password?.(accountId) ?? user.password, isActive: true });
    });
  }
  return { fakes, accounts, close: async () => void (await Promise.all(fakes.map((fake) => fake.close()))) };
}

/** The job engine's view of the accounts. */
export function jobAccounts(accounts: readonly TestAccount[]): JobAccount[] {
  return accounts.map(({ accountId, baseUrl, isActive }) => ({ accountId, baseUrl, isActive }));
}

/** A credential source over the accounts' logins (what the vault would give the sync). */
export function credentialSource(accounts: readonly TestAccount[]): IikoCredentialSource {
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  return {
    async get(accountId): Promise<IikoCredentialEntry | undefined> {
      const account = byId.get(accountId);
      return account === undefined ? undefined : { credentials: { login: account.login, password: account.password }, baseUrl: account.baseUrl };
    },
  };
}

/** A logger that keeps every line as JSON text. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (object: Record<string, unknown>, message?: string) => {
    lines.push(JSON.stringify({ level, msg: message, ...object }));
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * The most sessions a fake had open at once, from its request log: a successful auth opens one when it
 * answers, a logout closes one when it is sent.
 */
export function maxLiveSessions(fake: RunningFakeIikoServer): number {
  const events: Array<{ at: number; delta: number }> = [];
  for (const request of fake.server.requests) {
    if (request.path === '/resto/api/auth' && request.status === 200) events.push({ at: request.endedAt ?? request.startedAt, delta: 1 });
    if (request.path === '/resto/api/logout') events.push({ at: request.startedAt, delta: -1 });
  }
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let live = 0;
  let max = 0;
  for (const event of events) {
    live += event.delta;
    max = Math.max(max, live);
  }
  return max;
}

/** Polls `read` until `done` holds, failing after `timeoutMs` with the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
