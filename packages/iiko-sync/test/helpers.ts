import { randomBytes } from 'node:crypto';
import { createCredentialVault, createKeyring, createMemoryCredentialStore, type CredentialVault } from '@getinn/credential-crypto';
import type { Logger } from '@getinn/iiko-client';
import { startFakeIikoServer, type FakeDatasetOptions, type FakeIikoServerOptions, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoSync, type IikoSync, type IikoSyncOptions } from '../src/index';
import { createMemorySyncStore } from '../src/memory-store';
import type { SyncStore } from '../src/sync-store';

/** "Now" of the tests: the generated invoices (July–September 2026) all fall in the first 90-day window. */
export const TODAY = '2026-10-01';
export const fixedClock = { now: () => Date.parse(`${TODAY}T12:00:00Z`) };

/** A small chain whose invoices all lie inside the first run's window. */
export const SMALL_DATASET: FakeDatasetOptions = {
  restaurants: 3,
  storesPerRestaurant: 2,
  suppliers: 12,
  invoices: 40,
  linesPerInvoice: [1, 4],
  from: '2026-07-10',
  to: '2026-09-30',
};

/** Fast retries so fault tests do not wait for real back-off. */
export const FAST_CLIENT = { retry: { retries: 2, minDelayMs: 5, maxDelayMs: 10 } } as const;

export interface Harness {
  fake: RunningFakeIikoServer;
  vault: CredentialVault;
  store: SyncStore;
  sync: IikoSync;
  /** Every line the sync and the client logged, as JSON text. */
  logLines: string[];
  createSync(overrides?: Partial<IikoSyncOptions>): IikoSync;
  addAccount(accountId: string, credentials?: { login?: string; password?: string; baseUrl?: string }): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    dataset?: FakeDatasetOptions;
    licenceSlots?: number;
    password?: string;
    users?: FakeIikoServerOptions['users'];
    store?: SyncStore;
    sync?: Partial<IikoSyncOptions>;
  } = {},
): Promise<Harness> {
  const fake = await startFakeIikoServer({
    dataset: options.dataset ?? SMALL_DATASET,
    licenceSlots: options.licenceSlots ?? 2,
    password: options.password,
    users: options.users,
  });
  const keyring = createKeyring({ keys: { test: randomBytes(32) }, primaryKeyId: 'test' });
  const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
  const store = options.store ?? createMemorySyncStore();
  const logLines: string[] = [];
  const line =
    (level: string) =>
    (object: Record<string, unknown>, message?: string): void =>
      void logLines.push(JSON.stringify({ level, message, ...object }));
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const createSync = (overrides: Partial<IikoSyncOptions> = {}): IikoSync =>
    createIikoSync({
      store,
      credentials: vault,
      currency: 'RUB',
      clock: fixedClock,
      logger,
      clientOptions: { ...FAST_CLIENT, logLevel: 'debug' },
      ...options.sync,
      ...overrides,
    });
  return {
    fake,
    vault,
    store,
    logLines,
    sync: createSync(),
    createSync,
    async addAccount(accountId, credentials = {}) {
      await vault.put(
        accountId,
        'iiko',
        { login: credentials.login ?? fake.server.login, password: credentials.password ?? fake.server.password },
        { baseUrl: credentials.baseUrl ?? fake.url },
      );
    },
    close: () => fake.close(),
  };
}

/** Requests the fake saw to a path (prefix). */
export function requestsTo(harness: Harness, path: string) {
  return harness.fake.server.requests.filter((request) => request.path.startsWith(path));
}
