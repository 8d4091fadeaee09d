/**
 * The fault soak: many sync runs in one process against one fake iikoServer, each with random faults on
 * random requests — logins, reads and logouts alike — then one clean run. Afterwards no licence slot
 * may be left held, no two requests may ever have been in flight at once, and the store must hold
 * exactly the records a fault-free sync writes, each once.
 *
 * CI runs `SOAK_RUNS` (default 100) runs. The full soak:
 *
 *   SOAK_RUNS=1000 pnpm vitest run --project iiko-sync test/soak.test.ts
 *
 * `SOAK_SEED` (default 1) picks the fault sequence; a failure names the seed to replay it.
 */
import { describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '@getinn/iiko-client';
import type { FakeFault } from '@getinn/iiko-client/testing';
import { SYNC_ENTITY_TYPES, createMemorySyncStore, type SyncStore } from '../src/index';
import { startHarness } from './helpers';

const RUNS = Number(process.env.SOAK_RUNS ?? 100);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const FAULTS_PER_RUN = 3;

const PATHS = {
  auth: '/resto/api/auth',
  logout: '/resto/api/logout',
  read: /^\/resto\/(api\/(corporation|suppliers|documents)|get_server_info)/,
} as const;

/** mulberry32: a small seeded PRNG, so a failing soak can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A random fault for a random kind of request. Not played: a 401 on a logout (the fake would keep the
 * slot although a real server's 401 means the token is gone) and a login answered after the client gave
 * up — the server takes a slot whose token never reached any client, so nobody can free it before it
 * expires. For the same reason the attempt timeout is generous next to the fake's answer times on a busy
 * machine; only reads are delayed past it.
 */
function randomFault(random: () => number): FakeFault {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const target = pick(['auth', 'logout', 'read', 'read', 'any'] as const);
  const path = target === 'any' ? undefined : PATHS[target];
  const common: FakeFault[] = [
    { kind: 'status', status: 500, path },
    { kind: 'status', status: 503, path },
    { kind: 'html', status: 502, path },
    { kind: 'html', path },
    { kind: 'reset', path },
    { kind: 'truncate', path },
  ];
  const byTarget: Record<typeof target, FakeFault[]> = {
    auth: [...common, { kind: 'truncate', bytes: 9, endsCleanly: true, path }, { kind: 'status', status: 401, path }],
    logout: [...common, { kind: 'status', status: 403, body: 'Permission denied', path }],
    read: [...common, { kind: 'status', status: 401, path }, { kind: 'delay', ms: 500, path }],
    any: common,
  };
  return pick(byTarget[target]);
}

async function idsOf(store: SyncStore, accountId: string): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = {};
  for (const entity of SYNC_ENTITY_TYPES) ids[entity] = (await store.list(accountId, entity)).map((record) => record.externalId).sort();
  return ids;
}

describe(`fault soak (${RUNS} runs, seed ${SEED})`, () => {
  it('leaks no licence slot, never overlaps requests, and loses or duplicates no record', async () => {
    const random = prng(SEED);
    const store = createMemorySyncStore();
    const h = await startHarness({
      licenceSlots: 3,
      store,
      dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 6, invoices: 12, linesPerInvoice: [1, 3], from: '2026-09-20', to: '2026-09-30' },
    });
    try {
      await h.addAccount('acc-1');
      const sessionStore = createMemorySessionStore();
      const sync = h.createSync({
        initialInvoiceDays: 14,
        invoiceChunkDays: 7,
        clientOptions: {
          retry: { retries: 3, minDelayMs: 1, maxDelayMs: 4, logoutRetries: 3 },
          timeoutMs: 400,
          cooldownAfterTimeoutMs: 60,
          sessionStore,
        },
      });
      const outcomes = new Map<string, number>();

      for (let run = 0; run < RUNS; run += 1) {
        h.fake.server.clearFaults();
        for (let i = 0; i < FAULTS_PER_RUN; i += 1) h.fake.server.injectFault(randomFault(random));
        const status = random() < 0.1 ? (await sync.testConnection('acc-1')).connectionErrorCode ?? 'connected' : (await sync.run('acc-1')).status;
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      }

      // One clean run: it logs out whatever earlier runs had to defer, then syncs everything.
      h.fake.server.clearFaults();
      const final = await sync.run('acc-1');

      const reference = createMemorySyncStore();
      const clean = h.createSync({ store: reference, initialInvoiceDays: 14, invoiceChunkDays: 7 });
      await clean.run('acc-1');

      const context = `seed ${SEED}, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`;
      expect(final.status, context).toBe('success');
      expect(h.fake.server.activeSessions(), context).toBe(0);
      expect(h.fake.server.maxInFlight, context).toBe(1);
      const soaked = await idsOf(store, 'acc-1');
      expect(soaked, context).toEqual(await idsOf(reference, 'acc-1'));
      for (const ids of Object.values(soaked)) expect(new Set(ids).size).toBe(ids.length);
      expect(h.fake.server.requests.filter((request) => request.fault !== undefined).length, context).toBeGreaterThan(RUNS);
    } finally {
      await h.close();
    }
  }, 600_000);
});
