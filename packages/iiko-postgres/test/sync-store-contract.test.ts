/**
 * The SDK's own SyncStore contract suite against createPostgresSyncStore on a real PostgreSQL server.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeSyncStoreContract } from '@getinn/iiko-sync/testing';
import { createPostgresSyncStore } from '../src/index';
import { migratedDatabase } from './helpers';

let db: Awaited<ReturnType<typeof migratedDatabase>>;
beforeAll(async () => {
  db = await migratedDatabase('sync_contract');
});
afterAll(() => db?.dispose());

describeSyncStoreContract({
  name: 'PostgreSQL (createPostgresSyncStore)',
  createStore: () => createPostgresSyncStore(db.pool, { schema: db.schema }),
  describe,
  it,
});
