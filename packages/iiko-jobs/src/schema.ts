import type pg from 'pg';

/**
 * The package's own tables, in a schema of their own. graphile-worker deletes a job when it completes,
 * so what a host asks afterwards — "how did job 42 end, with which report?" — needs a table that keeps
 * it; schedules and worker heartbeats are ours too.
 *
 * - `sync_jobs`: one row per job (graphile-worker's job id), its status, attempts and the run's report.
 * - `schedules`: one row per scheduled account, with its next due time.
 * - `workers`: one row per running worker process (graphile-worker's pool id) and its last heartbeat.
 * - `migrations`: the versions applied.
 *
 * Migrations are a short ordered list applied under an advisory lock, in one transaction each, so any
 * number of processes can start at once. (A migration tool that reads files from disk at run time does
 * not fit a bundled library with one migration.)
 */
const MIGRATIONS: ReadonlyArray<(schema: string) => string> = [
  (s) => `
    create table ${s}.sync_jobs (
      job_id text primary key,
      account_id text not null,
      server_key text not null,
      trigger text not null check (trigger in ('manual', 'schedule')),
      status text not null check (status in ('queued', 'running', 'succeeded', 'partial', 'failed')),
      options jsonb not null default '{}'::jsonb,
      attempts integer not null default 0,
      max_attempts integer not null,
      worker_id text,
      requested_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      report jsonb,
      error_code text,
      error jsonb,
      updated_at timestamptz not null default now()
    );
    create index sync_jobs_account_idx on ${s}.sync_jobs (account_id, requested_at desc);
    create index sync_jobs_running_idx on ${s}.sync_jobs (worker_id) where status = 'running';
    create table ${s}.schedules (
      account_id text primary key,
      every_ms bigint,
      cron text,
      enabled boolean not null default true,
      is_default boolean not null default false,
      next_run_at timestamptz,
      last_enqueued_at timestamptz,
      last_job_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((every_ms is null) <> (cron is null))
    );
    create index schedules_due_idx on ${s}.schedules (next_run_at) where enabled;
    create table ${s}.workers (
      worker_id text primary key,
      hostname text not null,
      pid integer not null,
      started_at timestamptz not null default now(),
      heartbeat_at timestamptz not null default now()
    );
  `,
];

/** Quotes a schema name after checking it is a plain identifier (it is spliced into SQL). Internal. */
export function quoteSchema(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new TypeError(`schema must be a plain PostgreSQL identifier (letters, digits, _), got ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}

/** Creates or upgrades the package's tables in `schema`. Safe to run from many processes at once. Internal. */
export async function migrateOwnSchema(pool: pg.Pool, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      // One lock per schema: concurrent starts wait for the first one instead of racing `create`.
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`getinn-iiko-jobs:${schema}`]);
      await client.query(`create schema if not exists ${s}`);
      await client.query(`create table if not exists ${s}.migrations (version integer primary key, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ version: number | null }>(`select max(version) as version from ${s}.migrations`);
      const applied = rows[0]?.version ?? 0;
      for (let version = applied + 1; version <= MIGRATIONS.length; version += 1) {
        await client.query(MIGRATIONS[version - 1]!(s));
        await client.query(`insert into ${s}.migrations (version) values ($1)`, [version]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}
