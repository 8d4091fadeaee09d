import type { GatePass, ServerGate } from '@getinn/iiko-client';
import pg from 'pg';
import { DEFAULT_GATE_CONNECTIONS } from './constants';
import { LocalQueues, type Turn } from './local-queue';
import { resolveSchema, type SchemaOptions } from './schema-name';

/** Options of {@link createPostgresServerGate}. */
export interface PostgresServerGateOptions extends SchemaOptions {
  /**
   * Most connections the gate opens (its own pool, made from the host pool's connection settings). Each
   * server this process is talking to right now needs one, for its pass or for the caller first in line;
   * the host's pool is never used for either.
   * @default 10
   */
  maxConnections?: number | undefined;
}

/** A {@link ServerGate} over PostgreSQL advisory locks; {@link PostgresServerGate.close} ends its connections. */
export interface PostgresServerGate extends ServerGate {
  /** Closes the gate's own connections (after every pass was released). The host's pool is not touched. */
  close(): Promise<void>;
}

/**
 * The `ServerGate` of `@getinn/iiko-client` for every process that shares one PostgreSQL database (and
 * schema): no two requests to one iikoServer are in flight at once among all of them — iikoServer wants
 * strictly sequential requests (vendor docs, "Ограничения и рекомендации").
 *
 * A pass is a session-level advisory lock held by one connection for as long as the request lasts:
 * - **A crashed holder frees the server at once.** When its process dies (even by SIGKILL), its
 *   connection closes and PostgreSQL drops the lock; there is no lease to wait out. A machine that
 *   vanishes from the network holds it until PostgreSQL notices the dead connection (TCP keepalive; set
 *   `tcp_keepalives_idle` on the server to bound that).
 * - **Waiters queue fairly and hold almost nothing.** Within a gate object, callers wait in a
 *   first-come-first-served queue per server; only the first in line waits in PostgreSQL, whose lock
 *   queue is first come, first served across processes.
 * - **The host's pool is never starved.** Passes and the first-in-line waiters use the gate's own small
 *   pool ({@link PostgresServerGateOptions.maxConnections}), so a process busy with many servers still
 *   has every connection of its pool for its stores (which the client calls while holding a pass).
 * - **Aborts are honoured while waiting**: the lock wait is cancelled in PostgreSQL, its connection
 *   discarded, and `acquire` rejects with the signal's reason.
 *
 * Needs no table: the schema only namespaces the locks, so processes share a gate when they use the same
 * database and schema.
 *
 * @example
 * ```ts
 * const gate = createPostgresServerGate(pool);
 * const iiko = new IikoClient({ baseUrl, login, password, gate, sessionStore: createPostgresSessionStore(pool, { keyring }) });
 * // on shutdown, after the clients closed:
 * await gate.close();
 * ```
 */
export function createPostgresServerGate(pool: pg.Pool, options: PostgresServerGateOptions = {}): PostgresServerGate {
  const schema = resolveSchema(options);
  const max = options.maxConnections ?? DEFAULT_GATE_CONNECTIONS;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConnections must be an integer >= 1, got ${max}`);
  const local = new LocalQueues();
  let connections: pg.Pool | undefined;
  const gatePool = (): pg.Pool => {
    if (connections === undefined) {
      connections = new pg.Pool({
        ...pool.options,
        max,
        // A lock wait lasts as long as the holder's request: no statement or lock timeout of the host's
        // settings may cut it short.
        statement_timeout: 0,
        lock_timeout: 0,
        keepAlive: true,
        // Names the gate's connections in pg_stat_activity: a DBA sees who waits for which schema's gate.
        application_name: `getinn-iiko gate ${schema.name}`.slice(0, 63),
      });
      // A connection that breaks (idle, or holding a pass) must not crash the host: an idle one is dropped
      // by the pool, a pass's is found broken when it is released (its lock went with its session).
      connections.on('error', () => undefined);
      connections.on('connect', (connection) => connection.on('error', () => undefined));
    }
    return connections;
  };
  const lockKey = (serverKey: string): string => JSON.stringify([`getinn-iiko gate ${schema.name}`, serverKey]);

  return {
    async acquire(serverKey, acquireOptions = {}) {
      const { signal } = acquireOptions;
      const turn = await local.take(serverKey, signal);
      try {
        const connection = await lockServer(gatePool(), pool, lockKey(serverKey), signal);
        return passOf(connection, lockKey(serverKey), turn);
      } catch (error) {
        turn.release();
        throw error;
      }
    },
    async close() {
      const closing = connections;
      connections = undefined;
      await closing?.end();
    },
  };
}

/**
 * Takes the server's advisory lock on a connection of the gate's pool, waiting in PostgreSQL's lock queue;
 * resolves to the connection that now holds it. On abort, the wait is cancelled through the host's pool
 * and the connection discarded (never returned with a lock or a pending cancel on it).
 */
async function lockServer(gatePool: pg.Pool, hostPool: pg.Pool, key: string, signal: AbortSignal | undefined): Promise<pg.PoolClient> {
  const connection = await connectOrAbort(gatePool, signal);
  let cancelling: Promise<unknown> | undefined;
  const onAbort = (): void => {
    cancelling = backendPid(connection)
      .then((pid) => hostPool.query('select pg_cancel_backend($1)', [pid]))
      .catch(() => undefined);
  };
  try {
    // The pid is read before waiting, so an abort can name the backend to cancel at once.
    await backendPid(connection);
    signal?.throwIfAborted();
    signal?.addEventListener('abort', onAbort, { once: true });
    await connection.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    signal?.removeEventListener('abort', onAbort);
    // Granted just as the signal aborted: give it back by dropping the connection.
    signal?.throwIfAborted();
    return connection;
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    await cancelling;
    // Dropping the connection ends its session: whatever it held or was cancelled with goes with it.
    connection.release(true);
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/** A pass that unlocks and hands its connection back, then lets the next caller of this process in. */
function passOf(connection: pg.PoolClient, key: string, turn: Turn): GatePass {
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        try {
          const { rows } = await connection.query<{ unlocked: boolean }>(
            'select pg_advisory_unlock(hashtextextended($1, 0)) as unlocked',
            [key],
          );
          connection.release(rows[0]?.unlocked !== true);
        } catch {
          // The connection broke: its session, and the lock with it, is gone.
          connection.release(true);
        } finally {
          turn.release();
        }
      })();
      return released;
    },
  };
}

/** `pool.connect()` that rejects with the signal's reason on abort (a connection arriving later is handed back). */
async function connectOrAbort(pool: pg.Pool, signal: AbortSignal | undefined): Promise<pg.PoolClient> {
  signal?.throwIfAborted();
  const connecting = pool.connect();
  if (signal === undefined) return connecting;
  return new Promise<pg.PoolClient>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason);
      connecting.then((connection) => connection.release(), () => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    connecting.then(
      (connection) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) connection.release();
        else resolve(connection);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const pids = new WeakMap<pg.PoolClient, Promise<number>>();

/** The backend process id of a connection, read once per connection. */
function backendPid(connection: pg.PoolClient): Promise<number> {
  let pid = pids.get(connection);
  if (pid === undefined) {
    pid = connection.query<{ pid: number }>('select pg_backend_pid() as pid').then((result) => result.rows[0]!.pid);
    pids.set(connection, pid);
  }
  return pid;
}
