import type pg from 'pg';

/** What the stores need of node-postgres: a `Pool` (or anything that queries like one). */
export interface Queryable {
  /** Runs one statement with bound parameters. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Runs `work` in one transaction on one connection of `pool`: committed if it resolves, rolled back if it
 * throws. A connection whose rollback fails is broken and is not handed back to the pool.
 *
 * @internal
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
