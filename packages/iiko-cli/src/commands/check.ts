/**
 * `getinn-iiko check`: is this iikoServer reachable, and does it take this login? Five steps, each ✓ or
 * ✗ with its time: the server's version (no login, no licence slot), the login, the licence slot the
 * login takes (and how many are left, from `licence/info`), one cheap read (the corporate tree), and the
 * logout that frees the slot.
 *
 * The client logs in on its first read, so the login and logout are timed by watching the client's own
 * requests (their paths only, never their query, which holds the key and the password hash).
 */
import { type Command } from 'commander';
import { IikoClient, IikoLicenseError, isIikoError, type IikoLicenceInfo } from '@getinn/iiko-client';
import { EXIT_CODES, exitCodeForErrorCode, type ExitCode } from '../exit-codes';
import { line, type CliContext } from '../io';
import { formatTable } from '../output/table';
import { addConnectionOptions, clientOptionsOf, resolveConnection, type Connection } from '../server/connection';

/** Declares `check` on the program. */
export function defineCheck(program: Command): Command {
  return addConnectionOptions(
    program.command('check').description('check the server, the login, a licence slot, one read and the logout, step by step, with timings'),
  );
}

type Mark = '✓' | '✗' | '–';

interface Step {
  readonly mark: Mark;
  readonly name: string;
  readonly detail: string;
  readonly ms: number | undefined;
}

/** One request the client made: its path, its status (0 when no answer came) and how long it took. */
interface Exchange {
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

/** A `fetch` that reports each request's path, status and duration; nothing else of it is kept. */
function watchedFetch(exchanges: Exchange[]): typeof globalThis.fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const path = new URL(url).pathname;
    const started = performance.now();
    try {
      const response = await globalThis.fetch(input, init);
      exchanges.push({ path, status: response.status, ms: performance.now() - started });
      return response;
    } catch (error) {
      exchanges.push({ path, status: 0, ms: performance.now() - started });
      throw error;
    }
  };
}

/** Runs `check` and returns its exit code: 0 when every step passed, else the first failure's. */
export async function runCheck(command: Command, { io, redactor }: CliContext): Promise<ExitCode> {
  const connection = await resolveConnection(command, io, redactor);
  try {
    const { steps, exitCode } = await checkSteps(connection, clientOptionsOf(command).retry?.retries ?? 0);
    await line(io.stdout, `check of ${connection.baseUrl} as ${connection.login}`);
    const rows = steps.map((step) => [`  ${step.mark}`, step.name, connection.redact(step.detail), step.ms === undefined ? '' : `${Math.round(step.ms)} ms`]);
    for (const text of formatTable(['', 'step', 'result', 'time'], rows, { rightAligned: [3] }).slice(2)) await line(io.stdout, text);
    await line(io.stdout, exitCode === EXIT_CODES.ok ? 'all steps passed' : `check failed (exit code ${exitCode})`);
    return exitCode;
  } finally {
    await connection.close();
  }
}

async function checkSteps(connection: Connection, retries: number): Promise<{ steps: Step[]; exitCode: ExitCode }> {
  const exchanges: Exchange[] = [];
  const steps: Step[] = [];
  const client = new IikoClient({
    baseUrl: connection.baseUrl,
    login: connection.login,
    password: connection.password,
    fetch: watchedFetch(exchanges),
    // A check answers at once: one attempt per request unless --retries says otherwise (a sync retries).
    retry: { retries },
  });
  const skipRest = (from: number, why: string): void => {
    for (const name of STEP_NAMES.slice(from)) steps.push({ mark: '–', name, detail: why, ms: undefined });
  };
  let exitCode: ExitCode = EXIT_CODES.ok;
  try {
    let started = performance.now();
    try {
      const info = await client.serverInfo();
      steps.push({ mark: '✓', name: 'server', detail: `iikoServer ${info.version ?? '(version not given)'}; no login, no licence slot used`, ms: performance.now() - started });
    } catch (error) {
      const code = exitCodeForErrorCode(isIikoError(error) ? error.code : undefined);
      steps.push({ mark: '✗', name: 'server', detail: messageOf(error), ms: performance.now() - started });
      // Unreachable (DNS, refused, a proxy's page): every other step would fail the same way.
      if (code === EXIT_CODES.network) {
        skipRest(1, 'not tried: the server is unreachable');
        return { steps, exitCode: code };
      }
      exitCode = code;
    }

    // The licence step reads licence/info, which needs a session: the client logs in for it, so the
    // login and the slot it takes are decided by that one call.
    started = performance.now();
    let licence: IikoLicenceInfo | undefined;
    let licenceFailure: unknown;
    try {
      licence = await client.licenceInfo();
    } catch (error) {
      licenceFailure = error;
    }
    const licenceMs = performance.now() - started;
    const auth = exchanges.filter((exchange) => exchange.path.endsWith('/api/auth'));
    const authMs = auth.reduce((sum, exchange) => sum + exchange.ms, 0);
    const loggedIn = auth.some((exchange) => exchange.status === 200);
    if (licenceFailure instanceof IikoLicenseError) {
      steps.push({ mark: '–', name: 'login', detail: 'refused for want of a licence slot (see below)', ms: authMs });
      steps.push({ mark: '✗', name: 'licence slot', detail: messageOf(licenceFailure), ms: undefined });
      skipRest(3, 'not tried: no session');
      return { steps, exitCode: EXIT_CODES.licence };
    }
    if (!loggedIn) {
      steps.push({ mark: '✗', name: 'login', detail: messageOf(licenceFailure), ms: authMs });
      skipRest(2, 'not tried: no session');
      return { steps, exitCode: exitCodeForErrorCode(isIikoError(licenceFailure) ? licenceFailure.code : undefined) };
    }
    steps.push({ mark: '✓', name: 'login', detail: 'token received; the password travelled only as its SHA-1', ms: authMs });
    steps.push({
      mark: '✓',
      name: 'licence slot',
      detail: licence === undefined ? `one slot held by this session (free slots unknown: ${messageOf(licenceFailure)})` : `one slot held by this session; ${describeLicence(licence)}`,
      ms: licenceMs - authMs,
    });

    started = performance.now();
    try {
      const nodes = (await client.departments()).length;
      steps.push({ mark: '✓', name: 'read', detail: `corporate tree: ${nodes} nodes`, ms: performance.now() - started });
    } catch (error) {
      steps.push({ mark: '✗', name: 'read', detail: messageOf(error), ms: performance.now() - started });
      exitCode = exitCodeForErrorCode(isIikoError(error) ? error.code : undefined);
    }
  } finally {
    const before = exchanges.length;
    const started = performance.now();
    await client.close();
    const logout = exchanges.slice(before).find((exchange) => exchange.path.endsWith('/api/logout'));
    if (steps.length === STEP_NAMES.length - 1) {
      if (logout === undefined) steps.push({ mark: '–', name: 'logout', detail: 'no session to close', ms: undefined });
      else if (logout.status === 200) steps.push({ mark: '✓', name: 'logout', detail: 'licence slot freed', ms: performance.now() - started });
      else {
        steps.push({ mark: '✗', name: 'logout', detail: `answered ${logout.status}; the slot frees itself when the token expires (about an hour)`, ms: performance.now() - started });
        if (exitCode === EXIT_CODES.ok) exitCode = EXIT_CODES.failure;
      }
    }
  }
  return { steps, exitCode };
}

const STEP_NAMES = ['server', 'login', 'licence slot', 'read', 'logout'] as const;

/** `1 of 2 free now (RMS (API))`, from what licence/info said. */
function describeLicence(info: IikoLicenceInfo): string {
  const free = info.freeConnections === undefined ? 'free slots unknown' : `${info.freeConnections} of ${info.connectionsLimit ?? '?'} free now`;
  return info.moduleName === undefined ? free : `${free} (${info.moduleName})`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
