import type { Keyring } from '@getinn/credential-crypto';
import type { JoinResult, SessionHolder, SessionStore, SharedSessionToken } from '@getinn/iiko-client';
import type pg from 'pg';
import { inTransaction } from './queryable';
import { resolveSchema, type SchemaOptions } from './schema-name';
import { openToken, sealToken } from './token-seal';
// Imported for the {@link}s of this module's documentation only.
import type { migrate } from './migrate';

/** Options of {@link createPostgresSessionStore}. */
export interface PostgresSessionStoreOptions extends SchemaOptions {
  /**
   * The credential keyring (`keyringFromEnv()` of `@getinn/credential-crypto`): tokens are sealed with
   * its primary key and opened with any of its keys, so key rotation needs nothing special here.
   */
  keyring: Keyring;
}

/**
 * The `SessionStore` of `@getinn/iiko-client` over PostgreSQL: every process sharing the database (and
 * schema) shares **one** iiko session per (server, login), so together they hold one licence slot.
 *
 * - Tokens are sealed with the credential keyring (AES-256-GCM envelopes bound to their session key) in
 *   `iiko_sessions` and `iiko_deferred_logouts`; no column holds a token in clear, and nothing is logged.
 * - Each holder has a lease in `iiko_session_holders`, judged by the **database clock** (`now()`), so the
 *   hosts' clocks do not matter. A holder that crashes stops counting when its lease expires; the next
 *   process to join a session with no live holder is handed its token to log out.
 * - A logout that failed is kept (sealed) and handed out by the next `join` of the key, in any process.
 * - Every method is one transaction under a per-key advisory lock, so each is atomic on its own (the
 *   client calls them while holding the server's gate pass, which orders them).
 *
 * A token that can no longer be opened (its key left the keyring) is dropped: it can be neither used nor
 * logged out, and iiko frees its slot when it expires.
 *
 * Run {@link migrate} with the same `schema` first.
 *
 * @example
 * ```ts
 * const sessions = createPostgresSessionStore(pool, { keyring: keyringFromEnv() });
 * const iiko = new IikoClient({ baseUrl, login, password, sessionStore: sessions, gate: createPostgresServerGate(pool) });
 * ```
 */
export function createPostgresSessionStore(pool: pg.Pool, options: PostgresSessionStoreOptions): SessionStore {
  const schema = resolveSchema(options);
  const s = schema.quoted;
  const { keyring } = options;
  const namespace = `getinn-iiko sessions ${schema.name}`;

  /** Runs `work` in a transaction holding the key's advisory lock. */
  const withKey = <T>(key: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    inTransaction(pool, async (client) => {
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify([namespace, key])]);
      return work(client);
    });

  const liveHolders = async (client: pg.PoolClient, key: string): Promise<number> =>
    (
      await client.query<{ n: number }>(
        `select count(*)::int as n from ${s}.iiko_session_holders where session_key = $1 and expires_at > now()`,
        [key],
      )
    ).rows[0]!.n;

  const renew = (client: pg.PoolClient, key: string, holder: SessionHolder): Promise<unknown> =>
    client.query(
      `insert into ${s}.iiko_session_holders (session_key, holder_id, expires_at)
       values ($1, $2, now() + $3::double precision * interval '1 millisecond')
       on conflict (session_key, holder_id) do update set expires_at = excluded.expires_at`,
      [key, holder.holderId, holder.leaseMs],
    );

  return {
    join(key: string, holder: SessionHolder): Promise<JoinResult> {
      return withKey(key, async (client) => {
        const toLogOut: string[] = [];
        let session: SharedSessionToken | undefined;
        const { rows } = await client.query<{ token: unknown; obtained_at: Date }>(
          `select token, obtained_at from ${s}.iiko_sessions where session_key = $1`,
          [key],
        );
        const row = rows[0];
        if (row !== undefined) {
          const token = openToken(keyring, key, row.token);
          if (token !== undefined && (await liveHolders(client, key)) > 0) {
            await renew(client, key, holder);
            session = { token, obtainedAt: row.obtained_at.getTime() };
          } else {
            // Every holder stopped renewing (they crashed): the session is the joiner's to log out.
            await client.query(`delete from ${s}.iiko_sessions where session_key = $1`, [key]);
            if (token !== undefined) toLogOut.push(token);
          }
        }
        const { rows: deferred } = await client.query<{ token: unknown }>(
          `delete from ${s}.iiko_deferred_logouts where session_key = $1 returning token`,
          [key],
        );
        for (const entry of deferred) {
          const token = openToken(keyring, key, entry.token);
          if (token !== undefined && token !== session?.token && !toLogOut.includes(token)) toLogOut.push(token);
        }
        return { session, toLogOut };
      });
    },

    publish(key: string, session: SharedSessionToken, holder: SessionHolder): Promise<void> {
      return withKey(key, async (client) => {
        // A session replaced while it still existed must not keep its slot: its token is logged out later.
        const { rows } = await client.query<{ token: unknown }>(`select token from ${s}.iiko_sessions where session_key = $1`, [key]);
        const previous = rows[0] === undefined ? undefined : openToken(keyring, key, rows[0].token);
        if (previous !== undefined && previous !== session.token) {
          await client.query(`insert into ${s}.iiko_deferred_logouts (session_key, token) values ($1, $2::jsonb)`, [
            key,
            JSON.stringify(sealToken(keyring, key, previous)),
          ]);
        }
        await client.query(`delete from ${s}.iiko_sessions where session_key = $1`, [key]);
        await client.query(
          `insert into ${s}.iiko_sessions (session_key, token, obtained_at)
           values ($1, $2::jsonb, timestamptz 'epoch' + $3::bigint * interval '1 millisecond')`,
          [key, JSON.stringify(sealToken(keyring, key, session.token)), Math.round(session.obtainedAt)],
        );
        await renew(client, key, holder);
      });
    },

    async heartbeat(key: string, holder: SessionHolder): Promise<void> {
      await pool.query(
        `update ${s}.iiko_session_holders set expires_at = now() + $3::double precision * interval '1 millisecond'
         where session_key = $1 and holder_id = $2`,
        [key, holder.holderId, holder.leaseMs],
      );
    },

    leave(key: string, holderId: string): Promise<{ logout?: string | undefined }> {
      return withKey(key, async (client) => {
        await client.query(`delete from ${s}.iiko_session_holders where session_key = $1 and holder_id = $2`, [key, holderId]);
        if ((await liveHolders(client, key)) > 0) return {};
        const { rows } = await client.query<{ token: unknown }>(
          `delete from ${s}.iiko_sessions where session_key = $1 returning token`,
          [key],
        );
        const token = rows[0] === undefined ? undefined : openToken(keyring, key, rows[0].token);
        return token === undefined ? {} : { logout: token };
      });
    },

    invalidate(key: string, token: string): Promise<void> {
      return withKey(key, async (client) => {
        const { rows } = await client.query<{ token: unknown }>(`select token from ${s}.iiko_sessions where session_key = $1`, [key]);
        if (rows[0] !== undefined && openToken(keyring, key, rows[0].token) === token) {
          await client.query(`delete from ${s}.iiko_sessions where session_key = $1`, [key]);
        }
      });
    },

    async deferLogout(key: string, token: string): Promise<void> {
      await pool.query(`insert into ${s}.iiko_deferred_logouts (session_key, token) values ($1, $2::jsonb)`, [
        key,
        JSON.stringify(sealToken(keyring, key, token)),
      ]);
    },
  };
}
