import { createHash } from 'node:crypto';
import type { SyncRecord } from './sync-store';

/**
 * JSON with object keys sorted at every level, so two records that differ only in key order (a mapper
 * that builds objects in another order, a row read back from a JSON column) serialize identically.
 * Follows `JSON.stringify` otherwise: `undefined` properties are left out.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, current: unknown) => {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return current;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(current).sort()) sorted[key] = (current as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * Hex SHA-256 of a value's {@link canonicalJson}: equal content gives an equal hash whatever the key
 * order — a digest for values assembled in no fixed order (job options, say). It is not the hash a store
 * keeps for a record: that is {@link toSyncRecord}'s, of the record's JSON in its own key order, so
 * compare a stored `contentHash` with `toSyncRecord(data).contentHash`.
 *
 * @example
 * ```ts
 * contentHash({ a: 1, b: 2 }) === contentHash({ b: 2, a: 1 }); // true
 * ```
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * Wraps a mapped record (anything with an `externalId`) for {@link SyncStore.upsert}: the SHA-256 of its
 * JSON as its hash, and that JSON as `json` so that a store need not serialize it again.
 *
 * The JSON is `JSON.stringify` of the record in its own key order — not {@link canonicalJson}. Every
 * mapper builds its records in one fixed order (fields in declaration order, iiko's extra elements in the
 * order iiko writes them), so equal content already gives equal text; sorting the keys of every object of
 * every record cost more than hashing and writing them together (`bench/iiko-sync.bench.mjs`). A record
 * assembled in another key order only hashes differently, so at worst it is rewritten once, never missed.
 *
 * @example
 * ```ts
 * await store.upsert(accountId, 'suppliers', mapSuppliers(raw).items.map(toSyncRecord));
 * ```
 */
export function toSyncRecord<T extends { readonly externalId: string }>(data: T): SyncRecord<T> {
  // Serialized once: the same text gives the hash and, for stores that keep JSON text, the column.
  const json = JSON.stringify(data);
  return { externalId: data.externalId, contentHash: createHash('sha256').update(json).digest('hex'), data, json };
}
