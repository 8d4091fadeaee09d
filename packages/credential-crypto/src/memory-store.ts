/**
 * A `CredentialStore` in memory, for tests, examples and single-process tools. It copies rows in and
 * out, so callers cannot change what it holds behind its back — as with a database.
 */
import { isDeepStrictEqual } from 'node:util';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { CredentialValidationError } from './errors';
import type {
  CredentialListQuery,
  CredentialPage,
  CredentialRow,
  CredentialRowPatch,
  CredentialStore,
  CredentialUpdateCondition,
} from './store';

type RowKey = readonly [accountId: string, integrationType: string];

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareKeys = (a: RowKey, b: RowKey): number => compareText(a[0], b[0]) || compareText(a[1], b[1]);
const mapKey = (accountId: string, integrationType: string): string => JSON.stringify([accountId, integrationType]);

function encodeCursor(row: CredentialRow): string {
  return encodeBase64Url(Buffer.from(mapKey(row.accountId, row.integrationType), 'utf8'));
}

function decodeCursor(cursor: string): RowKey {
  const bytes = decodeBase64Url(cursor);
  try {
    const key: unknown = bytes === undefined ? undefined : JSON.parse(bytes.toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && typeof key[1] === 'string') {
      return [key[0], key[1]];
    }
  } catch {
    // Reported below, as for any other malformed cursor.
  }
  throw new CredentialValidationError('Invalid list query', ['after: not a cursor of this store']);
}

/**
 * Creates an empty in-memory store, or one holding `rows`.
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
 * ```
 */
export function createMemoryCredentialStore(rows: Iterable<CredentialRow> = []): CredentialStore {
  const data = new Map<string, CredentialRow>();
  for (const row of rows) data.set(mapKey(row.accountId, row.integrationType), structuredClone(row));

  return {
    async get(accountId, integrationType) {
      const row = data.get(mapKey(accountId, integrationType));
      return row === undefined ? undefined : structuredClone(row);
    },

    async upsert(row) {
      data.set(mapKey(row.accountId, row.integrationType), structuredClone(row));
    },

    async update(accountId, integrationType, patch: CredentialRowPatch, condition?: CredentialUpdateCondition) {
      const key = mapKey(accountId, integrationType);
      const row = data.get(key);
      if (row === undefined) return undefined;
      if (condition !== undefined && !isDeepStrictEqual(row.credentials, condition.credentials)) return undefined;
      const next: CredentialRow = { ...row, ...structuredClone(patch) };
      data.set(key, next);
      return structuredClone(next);
    },

    async delete(accountId, integrationType) {
      const key = mapKey(accountId, integrationType);
      const row = data.get(key);
      data.delete(key);
      return row;
    },

    async list(query: CredentialListQuery): Promise<CredentialPage> {
      if (!Number.isInteger(query.limit) || query.limit < 1) {
        throw new CredentialValidationError('Invalid list query', ['limit: must be a positive integer']);
      }
      const after = query.after === undefined || query.after === null ? undefined : decodeCursor(query.after);
      const matching = [...data.values()]
        .filter(
          (row) =>
            (query.accountId === undefined || row.accountId === query.accountId) &&
            (query.integrationType === undefined || row.integrationType === query.integrationType) &&
            (after === undefined || compareKeys([row.accountId, row.integrationType], after) > 0),
        )
        .sort((a, b) => compareKeys([a.accountId, a.integrationType], [b.accountId, b.integrationType]));
      const page = matching.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        rows: page.map((row) => structuredClone(row)),
        nextCursor: matching.length > page.length && last !== undefined ? encodeCursor(last) : null,
      };
    },
  };
}
