/**
 * Vitest global setup: every test run has a real PostgreSQL server.
 *
 * With `DATABASE_URL` set, that server is used (each test file then works in a schema of its own; see
 * `./postgres.ts`). Without it, a throwaway cluster is started from Debian's server binaries on a free
 * loopback port in a temporary directory, and removed when the run ends. Where no server binaries exist the
 * run fails at once with one line that says how to get them: a PostgreSQL test is never skipped quietly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The one line a run without PostgreSQL stops with. */
export const HOW_TO_GET_POSTGRES =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found: install them (`apt-get install postgresql`) or set DATABASE_URL to a server the tests may use.';

/**
 * The directory holding `initdb`: the one on `PATH`, else the newest of Debian's
 * `/usr/lib/postgresql/N/bin` (Debian keeps the server binaries off `PATH`).
 */
export function findPostgresBin({ path = process.env['PATH'] ?? '', root = '/usr/lib/postgresql' } = {}): string | undefined {
  const onPath = path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'initdb'))
    .find((file) => existsSync(file));
  if (onPath) return dirname(realpathSync(onPath));
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default function setup(): Promise<(() => void) | undefined> {
  return startPostgresForTests(findPostgresBin());
}

/** Starts the throwaway cluster from `bin` unless `DATABASE_URL` is set; returns its teardown. */
export async function startPostgresForTests(bin: string | undefined): Promise<(() => void) | undefined> {
  if (process.env['DATABASE_URL']) return undefined;
  if (!bin) throw new Error(HOW_TO_GET_POSTGRES);

  const root = mkdtempSync(join(tmpdir(), 'getinn-iiko-pg-'));
  // initdb refuses to run as root: as root the cluster belongs to the postgres user Debian's package creates.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const commandArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  };

  const data = join(root, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
  // fsync off: the cluster lives for this run only. Enough connections for the multi-process tests.
  run('pg_ctl', [
    '-D', data, '-l', join(root, 'server.log'), '-w',
    '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off -c max_connections=300`,
    'start',
  ]);
  process.env['DATABASE_URL'] = `postgres://postgres@127.0.0.1:${port}/postgres`;

  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}
