/**
 * The fleet tests' shared set-up: one migrated schema, one fake iikoServer over loopback with one iiko
 * login for every account, credentials sealed into the PostgreSQL vault, fleet processes started together,
 * and the checks every fleet test makes (records exactly once, no slot held, no token anywhere).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCredentialVault, createKeyring, createMemoryCredentialStore, type CredentialVault } from '@getinn/credential-crypto';
import { startFakeIikoServer, type FakeDatasetOptions, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { SYNC_ENTITY_TYPES, createIikoSync, createMemorySyncStore, type IikoSync, type SyncEntityType } from '@getinn/iiko-sync';
import {
  createPostgresCredentialStore,
  createPostgresServerGate,
  createPostgresSessionStore,
  createPostgresSyncStore,
  type PostgresServerGate,
} from '../../src/index';
import { migratedDatabase } from '../helpers';
import { jsonLines, printed, startChild, type Child } from './spawn';

/** "Today" of every fleet process, and the invoice window they sync. */
export const TODAY = '2026-09-30';
export const WINDOW_FROM = '2026-09-01';
/** A small chain with invoices inside the window. */
export const FLEET_DATASET: FakeDatasetOptions = {
  restaurants: 2,
  storesPerRestaurant: 2,
  suppliers: 8,
  invoices: 24,
  linesPerInvoice: [1, 3],
  from: '2026-09-02',
  to: '2026-09-29',
};
/** Holder leases and account locks of the fleet processes: short, so a killed process's expire within the test. */
export const LEASE_MS = 1_500;
export const LOCK_TTL_MS = 2_000;

/** The iiko password of the fleet: a canary that must appear in no log line and no column. */
const PASSWORD = `canary-password-${randomBytes(4).toString('hex')}`;

/** Record ids by entity type. */
export type RecordIds = Record<SyncEntityType, string[]>;

/** One fleet: database, fake server, vault and helpers. */
export interface Fleet {
  readonly db: Awaited<ReturnType<typeof migratedDatabase>>;
  readonly fake: RunningFakeIikoServer;
  readonly vault: CredentialVault;
  /** The ids one account must end up with: what a sync into memory wrote. */
  readonly reference: RecordIds;
  /** Adds accounts, all on the fake with the same login. */
  addAccounts(prefix: string, count: number): Promise<string[]>;
  /** Starts fleet processes, waits until each is ready, then lets them all go at once. */
  start(specs: readonly ChildSpec[]): Promise<Child[]>;
  /** The ids in the platform-shaped tables for an account. */
  idsOf(account: string): Promise<RecordIds>;
  /** A sync in this process wired like the fleet's (for the sweep after a crash), and its gate. */
  inProcess(): { sync: IikoSync; gate: PostgresServerGate };
  /** Every token iiko issued to the fleet processes so far. */
  tokens(): string[];
  /** The database's full text of every table of the schema, one string per row. */
  everyRow(): Promise<string[]>;
  /** The password canary. */
  readonly password: string;
  close(): Promise<void>;
}

/** What one fleet process does. */
export interface ChildSpec {
  mode: 'sync' | 'soak' | 'probe';
  accounts: readonly string[];
  probes?: number;
  runs?: number;
  attempts?: number;
}

export async function startFleet(prefix: string): Promise<Fleet> {
  const db = await migratedDatabase(prefix);
  db.pool.on('error', () => undefined);
  const fake = await startFakeIikoServer({ dataset: FLEET_DATASET, licenceSlots: 10, password: PASSWORD });
  const keyHex = randomBytes(32).toString('hex');
  const keyring = createKeyring({ keys: { fleet: Buffer.from(keyHex, 'hex') }, primaryKeyId: 'fleet' });
  const vault = createCredentialVault({ keyring, store: createPostgresCredentialStore(db.pool, { schema: db.schema }) });
  const tokenDir = mkdtempSync(join(tmpdir(), 'getinn-fleet-'));
  const tokensFile = join(tokenDir, 'tokens');

  // The reference: the same chain synced into memory, in this process, before the fleet starts.
  const referenceVault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
  await referenceVault.put('reference', 'iiko', { login: fake.server.login, password: PASSWORD }, { baseUrl: fake.url });
  const memory = createMemorySyncStore();
  const referenceSync = createIikoSync({ store: memory, credentials: referenceVault, currency: 'RUB', clock: { now: () => Date.parse(`${TODAY}T12:00:00Z`) } });
  const report = await referenceSync.run('reference', { invoices: { from: WINDOW_FROM, to: TODAY } });
  if (report.status !== 'success') throw new Error(`the reference sync did not succeed: ${report.status}`);
  const reference = Object.fromEntries(
    await Promise.all(SYNC_ENTITY_TYPES.map(async (entity) => [entity, (await memory.list('reference', entity)).map((record) => record.externalId)])),
  ) as RecordIds;
  fake.server.resetStats();

  const gates: PostgresServerGate[] = [];
  // Reads the rows of the platform-shaped tables (one per record: the unique key guarantees no duplicate).
  const store = createPostgresSyncStore(db.pool, { schema: db.schema });
  return {
    db,
    fake,
    vault,
    reference,
    password: PASSWORD,
    async addAccounts(accountPrefix, count) {
      const accounts = Array.from({ length: count }, (_, index) => `${accountPrefix}-${index}`);
      for (const account of accounts) {
        await vault.put(account, 'iiko', { login: fake.server.login, password: PASSWORD }, { baseUrl: fake.url });
      }
      return accounts;
    },
    async start(specs) {
      const children = specs.map((spec) =>
        startChild('fleet-child.ts', {
          DATABASE_URL: db.url,
          SCHEMA: db.schema,
          KEYRING_HEX: keyHex,
          IIKO_URL: fake.url,
          IIKO_LOGIN: fake.server.login,
          IIKO_PASSWORD: PASSWORD,
          ACCOUNTS: spec.accounts.join(','),
          MODE: spec.mode,
          PROBES: String(spec.probes ?? 0),
          RUNS: String(spec.runs ?? 0),
          ATTEMPTS: String(spec.attempts ?? 10),
          LEASE_MS: String(LEASE_MS),
          LOCK_TTL_MS: String(LOCK_TTL_MS),
          TODAY,
          WINDOW_FROM,
          TOKENS_FILE: tokensFile,
        }),
      );
      await Promise.all(children.map((child) => printed(child, 'ready')));
      for (const child of children) child.process.stdin!.end('go\n');
      return children;
    },
    async idsOf(account) {
      const entries = await Promise.all(
        SYNC_ENTITY_TYPES.map(async (entity) => [entity, (await store.list(account, entity)).map((record) => record.externalId)]),
      );
      return Object.fromEntries(entries) as RecordIds;
    },
    inProcess() {
      const gate = createPostgresServerGate(db.pool, { schema: db.schema });
      gates.push(gate);
      const sync = createIikoSync({
        store: createPostgresSyncStore(db.pool, { schema: db.schema }),
        credentials: vault,
        currency: 'RUB',
        clock: { now: () => Date.parse(`${TODAY}T12:00:00Z`) },
        lockTtlMs: LOCK_TTL_MS,
        clientOptions: { gate, sessionStore: createPostgresSessionStore(db.pool, { schema: db.schema, keyring }), holderLeaseMs: LEASE_MS },
      });
      return { sync, gate };
    },
    tokens() {
      try {
        return readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    async everyRow() {
      const { rows: tables } = await db.pool.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = $1`,
        [db.schema],
      );
      const rows: string[] = [];
      for (const { table_name } of tables) {
        const result = await db.pool.query<{ text: string }>(`select t::text as text from "${db.schema}"."${table_name}" t`);
        rows.push(...result.rows.map((row) => row.text));
      }
      return rows;
    },
    async close() {
      for (const gate of gates) await gate.close();
      await fake.close();
      await db.dispose();
      rmSync(tokenDir, { recursive: true, force: true });
    },
  };
}

/** Runs `sync.run` on each account until it succeeds, waiting out a lock left by a killed process. */
export async function syncUntilDone(sync: IikoSync, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) {
    for (let attempt = 1; ; attempt += 1) {
      const report = await sync.run(account, { invoices: { from: WINDOW_FROM, to: TODAY } }).catch((error: unknown) => {
        if (attempt > 50) throw error;
        return undefined; // the account's lock is still held by a killed process: its lease ends soon
      });
      if (report?.status === 'success') break;
      if (attempt > 50) throw new Error(`account ${account} did not sync: ${report?.status}`);
      await sleep(200);
    }
  }
}

/** The JSON events a child printed. */
export const eventsOf = (child: Child): Array<Record<string, unknown>> => jsonLines<Record<string, unknown>>(child.stdout());
