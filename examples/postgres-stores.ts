/**
 * The SDK's two storage interfaces over PostgreSQL, as a host on GET INN's platform database implements
 * them with node-postgres (`pg`):
 *
 * - `createPostgresSyncStore(pool)`: the `SyncStore` of `@getinn/iiko-sync`. Records are upserted by
 *   content hash (created / updated / unchanged), one transaction per batch; the per-account lock is a
 *   lease row taken with one `insert … on conflict … do update … where expires_at <= now()`; cursors; the
 *   sync log. Tables `sync_records`, `sync_cursors`, `sync_locks`, `sync_logs`: the SQLite store's, with
 *   PostgreSQL types.
 * - `createPostgresCredentialStore(pool)`: the `CredentialStore` of `@getinn/credential-crypto` over the
 *   platform's `account_integration_credentials` table.
 * - `migrateSyncStore(pool)`, `migrateCredentialStore(pool)`, `migrate(pool)`: their tables
 *   (`create … if not exists`).
 *
 * `test/postgres-stores.test.ts` proves both against a real server: the SDK's `SyncStore` contract suite,
 * a credential vault round trip, a key rotation and full syncs from the fake iikoServer. Copy what you need.
 *
 * Run: DATABASE_URL=postgres://user@localhost:5432/db pnpm tsx examples/postgres-stores.ts [--account id]
 *   Creates the tables in the connection's search path (add `?options=-c%20search_path%3Dmy_schema` to the
 *   URL for another schema), seals credentials for the built-in fake iikoServer (or IIKO_BASE_URL,
 *   IIKO_LOGIN, IIKO_PASSWORD) into account_integration_credentials, syncs the account into the sync tables
 *   and prints what they hold. Run it again: nothing is created twice, nothing unchanged is rewritten.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  CredentialValidationError,
  createCredentialVault,
  createKeyring,
  type ConnectionStatus,
  type CredentialEnvelope,
  type CredentialListQuery,
  type CredentialPage,
  type CredentialRow,
  type CredentialRowPatch,
  type CredentialStore,
  type CredentialUpdateCondition,
} from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import {
  createIikoSync,
  type ListLogsOptions,
  type LockOptions,
  type LoggedIssue,
  type StoredRecord,
  type SyncEntityType,
  type SyncLogEntry,
  type SyncLogStatus,
  type SyncRecord,
  type SyncStore,
  type UpsertResult,
} from '@getinn/iiko-sync';

/** What the stores need of node-postgres: a `Pool` (or a `PoolClient` for the credential store). */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

// ---------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------

/**
 * The sync store's tables: those of `@getinn/iiko-sync/sqlite` (`src/sqlite/schema.ts`) with PostgreSQL
 * types. Keys use the "C" collation, so `list` orders external ids byte by byte as SQLite does, whatever
 * the database's locale.
 */
export const SYNC_STORE_SCHEMA = `
create table if not exists sync_records (
  account_id   text collate "C" not null,
  entity_type  text collate "C" not null,
  external_id  text collate "C" not null,
  content_hash text not null,
  data         jsonb not null,             -- the record as the mappers produced it
  created_at   timestamptz not null,
  updated_at   timestamptz not null,       -- last content change
  primary key (account_id, entity_type, external_id)
);

create table if not exists sync_cursors (
  account_id text collate "C" not null,
  name       text collate "C" not null,
  value      text not null,
  updated_at timestamptz not null,
  primary key (account_id, name)
);

-- A lease rather than a flag: a process that dies holding it blocks the account only until expires_at.
create table if not exists sync_locks (
  account_id text collate "C" primary key,
  owner      text not null,
  expires_at timestamptz not null
);

create table if not exists sync_logs (
  seq              bigint generated always as identity primary key,   -- append order
  id               text not null unique,
  run_id           text not null,
  account_id       text collate "C" not null,
  integration_type text not null,
  entity_type      text not null,
  status           text not null check (status in ('success', 'partial', 'failed', 'aborted')),
  fetched          integer not null,
  created          integer not null,
  updated          integer not null,
  unchanged        integer not null,
  failed           integer not null,
  error            text,
  error_code       text,
  issue_count      integer not null,
  issues           jsonb not null,         -- JSON array, capped
  window_from      date,
  window_to        date,
  started_at       timestamptz not null,
  finished_at      timestamptz not null
);
create index if not exists sync_logs_by_account on sync_logs (account_id, seq);
`;

/**
 * The platform's `account_integration_credentials` (architecture: AccountIntegrationCredentials), for
 * tests and new databases; the platform's own migration owns the real one. A surrogate `id`, or
 * `account_id` as a `uuid` referencing `accounts`, change nothing below.
 */
export const CREDENTIAL_STORE_SCHEMA = `
create table if not exists account_integration_credentials (
  account_id        text not null,
  integration_type  text not null,                 -- 'iiko', 'r_keeper'
  credentials       jsonb not null,                -- the version 1 envelope: { v, alg, kid, iv, ct, tag }
  base_url          text,
  is_active         boolean not null default true,
  last_connected_at timestamptz,
  connection_status text check (connection_status in ('connected', 'error')),
  connection_error  text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (account_id, integration_type)
);
`;

/** Creates the sync store's tables when missing. */
export async function migrateSyncStore(pool: Queryable): Promise<void> {
  await pool.query(SYNC_STORE_SCHEMA);
}

/** Creates `account_integration_credentials` when missing. */
export async function migrateCredentialStore(pool: Queryable): Promise<void> {
  await pool.query(CREDENTIAL_STORE_SCHEMA);
}

/** Creates every table of both stores when missing. */
export async function migrate(pool: Queryable): Promise<void> {
  await migrateSyncStore(pool);
  await migrateCredentialStore(pool);
}

// ---------------------------------------------------------------------------------------------------
// SyncStore
// ---------------------------------------------------------------------------------------------------

interface RecordRow {
  external_id: string;
  content_hash: string;
  data: unknown;
  created_at: Date;
  updated_at: Date;
}

interface LogRow {
  id: string;
  run_id: string;
  account_id: string;
  integration_type: string;
  entity_type: SyncEntityType;
  status: SyncLogStatus;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  error_code: string | null;
  issue_count: number;
  issues: LoggedIssue[];
  window_from: string | null;
  window_to: string | null;
  started_at: Date;
  finished_at: Date;
}

const LOG_COLUMNS = `id, run_id, account_id, integration_type, entity_type, status, fetched, created, updated, unchanged,
  failed, error, error_code, issue_count, issues, to_char(window_from, 'YYYY-MM-DD') as window_from,
  to_char(window_to, 'YYYY-MM-DD') as window_to, started_at, finished_at`;

/**
 * A {@link SyncStore} over PostgreSQL. Every time (record timestamps, the lock's lease) is the database's
 * `now()`: one clock for every process that shares the lock, whatever their hosts' clocks say. Times come
 * back as ISO 8601 in UTC with milliseconds, as the sync writes them.
 *
 * `data` is `jsonb`: it keeps values, not key order (the content hash is taken over canonical JSON with
 * sorted keys, so nothing depends on it), and cannot hold U+0000, which iiko's XML cannot carry either.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrateSyncStore(pool);
 * const sync = createIikoSync({ store: createPostgresSyncStore(pool), credentials: vault, currency: 'RUB' });
 * ```
 */
export function createPostgresSyncStore(pool: pg.Pool): SyncStore {
  return {
    async upsert(accountId: string, entityType: SyncEntityType, batch: readonly SyncRecord[]): Promise<UpsertResult> {
      const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
      // Serialize first, so a record that is not JSON fails the call before anything is written.
      const records = batch.map((record) => ({ ...record, json: jsonText(record) }));
      if (records.length === 0) return result;
      return inTransaction(pool, async (client) => {
        // Concurrent upserts of one account and entity type wait for each other, so each counts exactly
        // what it changed (as SQLite's immediate transactions do); the sync's lock makes this rare anyway.
        await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
          JSON.stringify(['getinn.sync_records', accountId, entityType]),
        ]);
        const { rows: stored } = await client.query<{ external_id: string; content_hash: string }>(
          `select external_id, content_hash from sync_records
           where account_id = $1 and entity_type = $2 and external_id = any($3::text[])`,
          [accountId, entityType, [...new Set(records.map((record) => record.externalId))]],
        );
        // Replay the batch in order against the stored hashes: repeated ids count once each, the last wins.
        const hashes = new Map(stored.map((row) => [row.external_id, row.content_hash]));
        const writes = new Map<string, (typeof records)[number]>();
        for (const record of records) {
          const hash = hashes.get(record.externalId);
          if (hash === record.contentHash) {
            result.unchanged += 1;
            continue;
          }
          if (hash === undefined) result.created += 1;
          else result.updated += 1;
          hashes.set(record.externalId, record.contentHash);
          writes.set(record.externalId, record);
        }
        if (writes.size > 0) {
          const rows = [...writes.values()];
          // One statement for the whole batch: arrays, not thousands of parameters or round trips.
          await client.query(
            `insert into sync_records (account_id, entity_type, external_id, content_hash, data, created_at, updated_at)
             select $1, $2, t.external_id, t.content_hash, t.data::jsonb, now(), now()
             from unnest($3::text[], $4::text[], $5::text[]) as t (external_id, content_hash, data)
             on conflict (account_id, entity_type, external_id) do update
             set content_hash = excluded.content_hash, data = excluded.data, updated_at = excluded.updated_at`,
            [
              accountId,
              entityType,
              rows.map((row) => row.externalId),
              rows.map((row) => row.contentHash),
              rows.map((row) => row.json),
            ],
          );
        }
        return result;
      });
    },

    async list<T>(accountId: string, entityType: SyncEntityType): Promise<StoredRecord<T>[]> {
      const { rows } = await pool.query<RecordRow>(
        `select external_id, content_hash, data, created_at, updated_at from sync_records
         where account_id = $1 and entity_type = $2 order by external_id`,
        [accountId, entityType],
      );
      return rows.map((row) => ({
        externalId: row.external_id,
        contentHash: row.content_hash,
        data: row.data as T, // parsed from jsonb by pg: a fresh object per call
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }));
    },

    async acquireLock(accountId: string, { owner, ttlMs }: LockOptions): Promise<boolean> {
      // One atomic statement: a free account is inserted; a held one is taken over only by its owner
      // (a renewal) or once the lease has run out. Racing takers serialize on the row: one wins.
      const { rowCount } = await pool.query(
        `insert into sync_locks (account_id, owner, expires_at)
         values ($1, $2, now() + $3::double precision * interval '1 millisecond')
         on conflict (account_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
         where sync_locks.owner = excluded.owner or sync_locks.expires_at <= now()`,
        [accountId, owner, ttlMs],
      );
      return rowCount === 1;
    },

    async releaseLock(accountId: string, owner: string): Promise<void> {
      await pool.query('delete from sync_locks where account_id = $1 and owner = $2', [accountId, owner]);
    },

    async getCursor(accountId: string, name: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ value: string }>(
        'select value from sync_cursors where account_id = $1 and name = $2',
        [accountId, name],
      );
      return rows[0]?.value;
    },

    async setCursor(accountId: string, name: string, value: string): Promise<void> {
      await pool.query(
        `insert into sync_cursors (account_id, name, value, updated_at) values ($1, $2, $3, now())
         on conflict (account_id, name) do update set value = excluded.value, updated_at = excluded.updated_at`,
        [accountId, name, value],
      );
    },

    async appendLog(entry: SyncLogEntry): Promise<void> {
      await pool.query(
        `insert into sync_logs (id, run_id, account_id, integration_type, entity_type, status, fetched, created, updated,
           unchanged, failed, error, error_code, issue_count, issues, window_from, window_to, started_at, finished_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::date, $17::date, $18, $19)`,
        [
          entry.id,
          entry.runId,
          entry.accountId,
          entry.integrationType,
          entry.entityType,
          entry.status,
          entry.fetched,
          entry.created,
          entry.updated,
          entry.unchanged,
          entry.failed,
          entry.error,
          entry.errorCode,
          entry.issueCount,
          JSON.stringify(entry.issues),
          entry.window?.from ?? null,
          entry.window?.to ?? null,
          entry.startedAt,
          entry.finishedAt,
        ],
      );
    },

    async listLogs(accountId: string, { limit, entityType }: ListLogsOptions): Promise<SyncLogEntry[]> {
      const { rows } =
        entityType === undefined
          ? await pool.query<LogRow>(
              `select ${LOG_COLUMNS} from sync_logs where account_id = $1 order by seq desc limit $2`,
              [accountId, limit],
            )
          : await pool.query<LogRow>(
              `select ${LOG_COLUMNS} from sync_logs where account_id = $1 and entity_type = $2 order by seq desc limit $3`,
              [accountId, entityType, limit],
            );
      return rows.map(logEntryOf);
    },
  };
}

function jsonText(record: SyncRecord): string {
  const json = JSON.stringify(record.data) as string | undefined; // throws on a BigInt or a cycle
  if (json === undefined) throw new TypeError(`record ${record.externalId}: data is not JSON`);
  return json;
}

/** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    try {
      await client.query('rollback');
    } catch {
      broken = true; // the connection is gone: do not hand it back to the pool
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

function logEntryOf(row: LogRow): SyncLogEntry {
  return {
    id: row.id,
    runId: row.run_id,
    accountId: row.account_id,
    integrationType: row.integration_type,
    entityType: row.entity_type,
    status: row.status,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    error: row.error,
    errorCode: row.error_code,
    issueCount: row.issue_count,
    issues: row.issues,
    window: row.window_from === null || row.window_to === null ? null : { from: row.window_from, to: row.window_to },
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------
// CredentialStore
// ---------------------------------------------------------------------------------------------------

const CREDENTIALS = 'account_integration_credentials';
const CREDENTIAL_COLUMNS =
  'account_id, integration_type, credentials, base_url, is_active, last_connected_at, ' +
  'connection_status, connection_error, created_at, updated_at';
const PATCHABLE: Record<keyof CredentialRowPatch, string> = {
  credentials: 'credentials',
  baseUrl: 'base_url',
  isActive: 'is_active',
  lastConnectedAt: 'last_connected_at',
  connectionStatus: 'connection_status',
  connectionError: 'connection_error',
  updatedAt: 'updated_at',
};

interface CredentialDbRow {
  account_id: string;
  integration_type: string;
  credentials: CredentialEnvelope;
  base_url: string | null;
  is_active: boolean;
  last_connected_at: Date | null;
  connection_status: ConnectionStatus | null;
  connection_error: string | null;
  created_at: Date;
  updated_at: Date;
}

function toCredentialRow(r: CredentialDbRow): CredentialRow {
  return {
    accountId: String(r.account_id), // also when the column is a uuid
    integrationType: r.integration_type,
    credentials: r.credentials,
    baseUrl: r.base_url,
    isActive: r.is_active,
    lastConnectedAt: r.last_connected_at,
    connectionStatus: r.connection_status,
    connectionError: r.connection_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const encodeCursor = (row: CredentialRow): string =>
  Buffer.from(JSON.stringify([row.accountId, row.integrationType])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && typeof key[1] === 'string') {
      return [key[0], key[1]];
    }
  } catch {
    // Reported below, as any other malformed cursor.
  }
  throw new CredentialValidationError('Invalid list query', ['after: not a cursor of this store']);
}

/**
 * A {@link CredentialStore} over `account_integration_credentials`, for the vault and the rotation job.
 * Works with a `Pool`, or with a `PoolClient` inside the host's own transaction.
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({ keyring: keyringFromEnv(), store: createPostgresCredentialStore(pool) });
 * ```
 */
export function createPostgresCredentialStore(db: Queryable): CredentialStore {
  return {
    async get(accountId, integrationType) {
      const { rows } = await db.query<CredentialDbRow>(
        `select ${CREDENTIAL_COLUMNS} from ${CREDENTIALS} where account_id = $1 and integration_type = $2`,
        [accountId, integrationType],
      );
      return rows[0] && toCredentialRow(rows[0]);
    },

    async upsert(row) {
      await db.query(
        `insert into ${CREDENTIALS} (${CREDENTIAL_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (account_id, integration_type) do update set
           credentials = excluded.credentials, base_url = excluded.base_url, is_active = excluded.is_active,
           last_connected_at = excluded.last_connected_at, connection_status = excluded.connection_status,
           connection_error = excluded.connection_error, created_at = excluded.created_at,
           updated_at = excluded.updated_at`,
        [
          row.accountId, row.integrationType, JSON.stringify(row.credentials), row.baseUrl, row.isActive,
          row.lastConnectedAt, row.connectionStatus, row.connectionError, row.createdAt, row.updatedAt,
        ],
      );
    },

    async update(accountId, integrationType, patch: CredentialRowPatch, condition?: CredentialUpdateCondition) {
      const values: unknown[] = [accountId, integrationType];
      const sets: string[] = [];
      for (const [field, column] of Object.entries(PATCHABLE)) {
        if (!(field in patch)) continue;
        const value = patch[field as keyof CredentialRowPatch];
        values.push(field === 'credentials' ? JSON.stringify(value) : value);
        sets.push(`${column} = $${values.length}`);
      }
      let where = 'account_id = $1 and integration_type = $2';
      if (condition !== undefined) {
        // Compare-and-set: every envelope has its own random nonce, so equal JSONB means nobody wrote.
        values.push(JSON.stringify(condition.credentials));
        where += ` and credentials = $${values.length}::jsonb`;
      }
      const { rows } = await db.query<CredentialDbRow>(
        sets.length === 0
          ? `select ${CREDENTIAL_COLUMNS} from ${CREDENTIALS} where ${where}`
          : `update ${CREDENTIALS} set ${sets.join(', ')} where ${where} returning ${CREDENTIAL_COLUMNS}`,
        values,
      );
      return rows[0] && toCredentialRow(rows[0]);
    },

    async delete(accountId, integrationType) {
      const { rows } = await db.query<CredentialDbRow>(
        `delete from ${CREDENTIALS} where account_id = $1 and integration_type = $2 returning ${CREDENTIAL_COLUMNS}`,
        [accountId, integrationType],
      );
      return rows[0] && toCredentialRow(rows[0]);
    },

    async list({ accountId, integrationType, after, limit }: CredentialListQuery): Promise<CredentialPage> {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new CredentialValidationError('Invalid list query', ['limit: must be a positive integer']);
      }
      const values: unknown[] = [];
      const where: string[] = [];
      if (accountId !== undefined) where.push(`account_id = $${values.push(accountId)}`);
      if (integrationType !== undefined) where.push(`integration_type = $${values.push(integrationType)}`);
      if (after !== undefined && after !== null) {
        const [lastAccount, lastType] = decodeCursor(after);
        where.push(`(account_id, integration_type) > ($${values.push(lastAccount)}, $${values.push(lastType)})`);
      }
      // Keyset pagination over the unique index: rows written during a walk neither shift nor repeat pages.
      const { rows } = await db.query<CredentialDbRow>(
        `select ${CREDENTIAL_COLUMNS} from ${CREDENTIALS} ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
         order by account_id, integration_type limit $${values.push(limit + 1)}`,
        values,
      );
      const page = rows.slice(0, limit).map(toCredentialRow);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Run as a script: both stores in use by a credential vault and a sync.
// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { account: { type: 'string', default: 'example-account' } } });
  if (!process.env.DATABASE_URL) {
    console.error('Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@localhost:5432/postgres');
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const { IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD } = process.env;
  const fake = IIKO_BASE_URL ? undefined : await startFakeIikoServer({ dataset: { restaurants: 3, suppliers: 30, invoices: 120 } });
  try {
    await migrate(pool);
    // A key made for this run: each run seals the credentials again, so the row always opens. A service
    // would use keyringFromEnv() and seal them once.
    const keyring = createKeyring({ keys: { example: randomBytes(32) }, primaryKeyId: 'example' });
    const vault = createCredentialVault({ keyring, store: createPostgresCredentialStore(pool) });
    const server = fake
      ? { baseUrl: fake.url, login: fake.server.login, password: fake.server.password }
      : { baseUrl: IIKO_BASE_URL!, login: IIKO_LOGIN ?? '', password: IIKO_PASSWORD ?? '' };
    await vault.put(args.account, 'iiko', { login: server.login, password: server.password }, { baseUrl: server.baseUrl, actor: 'example' });

    const sync = createIikoSync({ store: createPostgresSyncStore(pool), credentials: vault, currency: process.env.IIKO_CURRENCY ?? 'RUB' });
    const connection = await sync.testConnection(args.account);
    console.log(`connected: ${connection.isConnected}${connection.connectionError ? ` (${connection.connectionError})` : ''}`);
    const report = await sync.run(args.account);
    const { created, updated, unchanged, failed } = report.totals;
    console.log(`run ${report.status}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed`);

    const { rows: counts } = await pool.query<{ entity_type: string; n: number }>(
      'select entity_type, count(*)::int as n from sync_records where account_id = $1 group by 1 order by 1',
      [args.account],
    );
    console.log(`sync_records: ${counts.map((row) => `${row.n} ${row.entity_type}`).join(', ')}`);
    const { rows: credentials } = await pool.query<{ integration_type: string; kid: string; connection_status: string | null }>(
      `select integration_type, credentials->>'kid' as kid, connection_status from account_integration_credentials
       where account_id = $1`,
      [args.account],
    );
    for (const row of credentials) {
      console.log(`account_integration_credentials: ${row.integration_type} sealed under ${row.kid}, ${row.connection_status ?? 'never checked'}`);
    }
  } finally {
    await fake?.close();
    await pool.end();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
