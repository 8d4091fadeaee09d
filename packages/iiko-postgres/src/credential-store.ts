import {
  CredentialValidationError,
  type ConnectionStatus,
  type CredentialEnvelope,
  type CredentialListQuery,
  type CredentialPage,
  type CredentialRow,
  type CredentialRowPatch,
  type CredentialStore,
  type CredentialUpdateCondition,
} from '@getinn/credential-crypto';
// Imported for the {@link}s of this module's documentation only.
import type { migrate } from './migrate';
import type { Queryable } from './queryable';
import { resolveSchema, type SchemaOptions } from './schema-name';

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

/** Options of {@link createPostgresCredentialStore}. */
export type PostgresCredentialStoreOptions = SchemaOptions;

/**
 * The `CredentialStore` of `@getinn/credential-crypto` over `account_integration_credentials` (the
 * platform's table, created by {@link migrate}), for the credential vault and the key-rotation job.
 * `credentials` holds the sealed version 1 envelope as `jsonb`; no password is ever written in clear.
 *
 * Rows come back in (account, integration) order with keyset cursors, so a rotation walking the pages is
 * not disturbed by rows written meanwhile; `update` with a condition is a compare-and-set on the
 * envelope. Works with a `Pool`, or with a `PoolClient` inside the host's own transaction.
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({ keyring: keyringFromEnv(), store: createPostgresCredentialStore(pool) });
 * ```
 */
export function createPostgresCredentialStore(db: Queryable, options: PostgresCredentialStoreOptions = {}): CredentialStore {
  const CREDENTIALS = `${resolveSchema(options).quoted}.account_integration_credentials`;
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
