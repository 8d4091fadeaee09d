/**
 * Deletions and disappearances. iiko deletes by marking (`deleted`), and a record can also vanish from a
 * list; the platform keeps every record (old invoices point at them), so both become `isActive: false`
 * with the time a sync first saw it. Internal.
 */
import type { StoredRecord } from './sync-store';

/** A dictionary record the lifecycle applies to (restaurants, stores, suppliers, inventory items). */
export interface LifecycleRecord {
  externalId: string;
  isActive: boolean;
  deactivatedAt?: string;
}

/** The records to write: the mapped ones with their deactivation time, and the stored ones now gone. */
export interface LifecycleResult<T> {
  /** The mapped records; inactive ones carry `deactivatedAt`, kept from the first run that saw them so. */
  items: T[];
  /** Stored records that are active but no longer in iiko's list: marked inactive as of `at`. */
  gone: T[];
}

/**
 * Stamps `deactivatedAt` on inactive records (keeping an earlier stamp, so the time is when the change was
 * first seen and a rerun rewrites nothing), and marks stored records that iiko no longer lists as inactive.
 *
 * Only a complete read can tell that a record is gone: `stillListed` names the records that were read but
 * could not be mapped (an invalid record, a mapping error), which are not gone.
 *
 * @param at - ISO 8601 time of this run
 */
export function applyLifecycle<T extends LifecycleRecord>(
  mapped: readonly T[],
  stored: readonly StoredRecord[],
  stillListed: ReadonlySet<string>,
  at: string,
): LifecycleResult<T> {
  const before = new Map(stored.map((record) => [record.externalId, record.data as Partial<LifecycleRecord> | undefined]));
  const items = mapped.map((record) => {
    if (record.isActive) {
      if (record.deactivatedAt === undefined) return record;
      const { deactivatedAt: _, ...active } = record;
      return active as T;
    }
    const previous = before.get(record.externalId);
    const since = previous?.isActive === false && typeof previous.deactivatedAt === 'string' ? previous.deactivatedAt : at;
    return { ...record, deactivatedAt: since };
  });
  const listed = new Set(mapped.map((record) => record.externalId));
  const gone: T[] = [];
  for (const record of stored) {
    if (listed.has(record.externalId) || stillListed.has(record.externalId)) continue;
    const data = record.data as T;
    if (typeof data !== 'object' || data === null || data.isActive === false) continue;
    gone.push({ ...data, isActive: false, deactivatedAt: at });
  }
  return { items, gone };
}
