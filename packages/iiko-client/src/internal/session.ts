import { randomUUID } from 'node:crypto';
import { PATHS } from '../constants';
import { IikoAuthError } from '../errors/auth-errors';
import { isIikoError, redactedCause, type IikoRequestInfo } from '../errors/iiko-error';
import { IikoHtmlResponseError, IikoParseError } from '../errors/response-errors';
import { IikoNetworkError } from '../errors/transport-errors';
import type { Logger } from '../logger';
import type { SessionHolder, SessionStore, SharedSessionToken } from '../session-store';
import { abortError, untilAborted } from './abort';
import type { Redactor } from './redact';
import { sessionKeyOf } from './session-key';
import { isRetryableLogout, markFinal } from './retry-policy';
import { withRetries, type RetrySettings } from './retrying';
import type { Send, Transport } from './transport';

/** What a session needs from the client that opens it. */
export interface SessionSettings {
  serverKey: string;
  login: string;
  passHash: string;
  transport: Transport;
  store: SessionStore;
  redactor: Redactor;
  logger: Logger;
  retry: RetrySettings;
  logoutRetries: number;
  sessionLifetimeMs: number;
  renewBeforeMs: number;
  leaseMs: number;
  now: () => number;
}

/**
 * The shape of the tokens iikoServer issues: a UUID-like string of hex groups 8-4-4-4-12 (vendor
 * example, "Авторизация": `b354d18c-3d3a-e1a6-c3b9-9ef7b5055318`). Anything else in a login answer — an
 * empty body, a body cut short by a proxy — is a failed transport, not a wrong password.
 */
const TOKEN_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` has the shape of an iikoServer token. */
export function isTokenShaped(text: string): boolean {
  return TOKEN_SHAPE.test(text);
}

/** A broken login answer that came with a `key` cookie: that session took a slot and must be logged out. */
const cookieOfBrokenLogin = new WeakMap<object, string>();

/** What one logout attempt came to: freed, worth retrying, or to be deferred to the next session start. */
type LogoutOutcome = 'done' | 'retry' | 'defer';

/**
 * One client's share of the session of its (server, login). Every login takes one of the customer's
 * licence slots until logout or expiry (vendor docs, Авторизация), and a client that logs in again and
 * again locks the customer's other integrations out for up to an hour. So the session lives in a
 * {@link SessionStore} shared by every client — in this process by default, across processes with a
 * shared store — and a client:
 *
 * - joins the live session if there is one, and logs in (then publishes its token) only when there is
 *   none, all while holding the server's gate pass, so two clients never both log in;
 * - holds a lease, renewed while it works, so a crashed process stops counting when its lease runs out;
 * - logs out the tokens `join` hands it (a session whose holders all crashed, logouts that failed
 *   before) before taking a new slot;
 * - retries a failed logout with back-off and, if it still fails, leaves it in the store for the next
 *   session start or `close()`, here or in another process;
 * - on `close()`, leaves; the last holder to leave logs the session out.
 */
export class ClientSession {
  readonly #key: string;
  readonly #settings: SessionSettings;
  readonly #holder: SessionHolder;
  #current: SharedSessionToken | undefined;
  /** When this client's lease was last renewed, on the client's clock. */
  #renewedAt = Number.NEGATIVE_INFINITY;
  #acquiring: Promise<string> | undefined;
  /** Whether this client ever joined the store (only then does `close()` have something to leave). */
  #joined = false;
  /** Tokens the server refused (401) that the store may still hand out until they are invalidated. */
  readonly #rejected = new Set<string>();
  /** Logouts retried in the background; `close()` waits for them. */
  readonly #background = new Set<Promise<void>>();
  #working = 0;
  /** Aborted by `close()`: ends an acquisition still waiting for the gate. */
  readonly #closing = new AbortController();
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(settings: SessionSettings) {
    this.#settings = settings;
    this.#key = sessionKeyOf(settings.serverKey, settings.login, settings.passHash);
    this.#holder = { holderId: randomUUID(), leaseMs: settings.leaseMs };
  }

  /**
   * A token that is good for now. Any number of concurrent callers share one acquisition (single
   * flight); a token close to the end of its lifetime is replaced first, because use does not extend it
   * and the server gives no expiry; a lease that has run out while the client was idle is taken again.
   */
  async token(signal?: AbortSignal, deadline?: AbortSignal): Promise<string> {
    const aborted = abortError(signal, deadline, 'before it was sent');
    if (aborted) throw aborted;
    const current = this.#current;
    if (current && this.#isFresh(current) && this.#leaseHeld()) return current.token;
    // The acquisition is shared by every caller waiting for it, so it must not run under one caller's
    // signal: that caller's abort would fail it for all the others. Each caller stops waiting on its own
    // abort instead; the acquisition finishes, and its token serves the next call (and is left on close).
    this.#acquiring ??= this.#acquire().finally(() => {
      this.#acquiring = undefined;
    });
    return untilAborted(this.#acquiring, signal, deadline, 'while it waited for the login');
  }

  /**
   * The server answered `401` to `rejected`: forget it in the store (so no client is handed it again) and
   * log it out in case only this request was refused, so the next {@link ClientSession.token} logs in
   * again. Concurrent callers that saw the same rejection share that one new login.
   */
  async discard(rejected: string): Promise<void> {
    if (this.#current?.token !== rejected) return;
    this.#current = undefined;
    this.#rejected.add(rejected);
    const deadline = AbortSignal.timeout(this.#settings.retry.totalTimeoutMs);
    await this.#settings.transport.exclusive({ deadline }, async (send) => {
      await this.#settings.store.invalidate(this.#key, rejected);
      this.#rejected.delete(rejected);
      await this.#logOutNow(send, rejected, deadline);
    });
  }

  /** A call started: while any is in flight, the lease is renewed every third of its length. */
  beginWork(): void {
    this.#working += 1;
    if (this.#heartbeat !== undefined) return;
    const every = Math.max(1, Math.floor(this.#settings.leaseMs / 3));
    this.#heartbeat = setInterval(() => void this.#renew(), every);
    this.#heartbeat.unref();
  }

  /** A call settled. */
  endWork(): void {
    this.#working = Math.max(0, this.#working - 1);
    if (this.#working > 0 || this.#heartbeat === undefined) return;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /**
   * The client closed: leave the session (the last holder logs it out), log out what the store has
   * deferred, and wait for logouts still being retried. Never throws: what could not be logged out is
   * left in the store for the next session start.
   */
  async close(): Promise<void> {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#closing.abort();
    await this.#acquiring?.catch(() => undefined);
    this.#current = undefined;
    if (this.#joined) {
      const { transport, store, logger } = this.#settings;
      const deadline = AbortSignal.timeout(this.#settings.retry.totalTimeoutMs);
      try {
        await transport.exclusive({ deadline }, async (send) => {
          const due: string[] = [];
          const left = await store.leave(this.#key, this.#holder.holderId);
          if (left.logout !== undefined) due.push(left.logout);
          // Logouts deferred by any client — and a session whose holders all crashed — are handed out by
          // `join` only: join, take them, and leave again at once.
          const drained = await store.join(this.#key, this.#holder);
          due.push(...drained.toLogOut);
          if (drained.session !== undefined) {
            const again = await store.leave(this.#key, this.#holder.holderId);
            if (again.logout !== undefined) due.push(again.logout);
          }
          for (const token of due) await this.#logOutNow(send, token, deadline);
        });
      } catch (error) {
        logger.warn(
          { login: this.#settings.login, server: this.#settings.serverKey, error: errorCode(error) },
          'iiko session could not be left; its lease expires on its own',
        );
      }
    }
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  #isFresh(token: SharedSessionToken): boolean {
    const { sessionLifetimeMs, renewBeforeMs, now } = this.#settings;
    return now() - token.obtainedAt < sessionLifetimeMs - renewBeforeMs;
  }

  /** Whether this client's lease is safely alive (renewed within the last half lease). */
  #leaseHeld(): boolean {
    return this.#settings.now() - this.#renewedAt < this.#settings.leaseMs / 2;
  }

  async #renew(): Promise<void> {
    if (this.#current === undefined) return;
    try {
      // A single atomic store operation, so it needs no gate pass — and it must not wait for one: the
      // pass may be held by this very client's long request, which is exactly when the lease must stay
      // alive.
      await this.#settings.store.heartbeat(this.#key, this.#holder);
      this.#renewedAt = this.#settings.now();
    } catch (error) {
      this.#settings.logger.warn({ server: this.#settings.serverKey, error: errorCode(error) }, 'iiko session lease could not be renewed');
    }
  }

  async #acquire(): Promise<string> {
    const { transport, retry, logger, login } = this.#settings;
    try {
      // One attempt per pass: the back-off between attempts happens outside the gate, so other requests
      // to the server are not held up by a struggling login. No call's budget applies here (each attempt
      // has its timeout, the series `totalTimeoutMs`): a login cut off by one caller's budget would have
      // taken a slot nobody logs out, while a finished one serves the next call.
      // The wait for the gate is bounded all the same, and ended by close(): a gate that never opens
      // must not hold close() forever.
      const deadline = AbortSignal.timeout(retry.totalTimeoutMs);
      const signal = this.#closing.signal;
      return await withRetries(
        (attempt) => transport.exclusive({ signal, deadline }, (send) => this.#start(send, attempt, undefined)),
        retry,
        { path: `/${PATHS.auth}`, logger },
      );
    } catch (error) {
      if (isIikoError(error) && error.status === 401) {
        throw new IikoAuthError(
          `iikoServer refused the login of "${login}": wrong login or password, or the server is still starting (401)`,
          { status: 401, responseText: error.responseText, request: error.request, attempts: error.attempts, elapsedMs: error.elapsedMs },
        );
      }
      // The login has just used its own retry budget. The read that asked for the token runs in a retry
      // loop too; without this mark it would repeat the whole login series on each of its retries
      // (retries² login requests against a struggling server — the storm iiko's licence rules punish).
      throw isIikoError(error) ? markFinal(error) : error;
    }
  }

  /** Inside the pass: join the live session, else log out what is due and log in. */
  async #start(send: Send, attempt: number, deadline: AbortSignal | undefined): Promise<string> {
    const { store, now, redactor } = this.#settings;
    const joined = await store.join(this.#key, this.#holder);
    this.#joined = true;
    this.#renewedAt = now();
    const due = [...joined.toLogOut];
    let session = joined.session;
    const own = this.#current;
    if (session === undefined && own !== undefined && due.includes(own.token) && this.#isFresh(own) && !this.#rejected.has(own.token)) {
      // Our own session, handed back as stale only because this client idled past its lease and nobody
      // else held it: the store gave it to us alone, so take it up again instead of logging out and in.
      due.splice(due.indexOf(own.token), 1);
      await store.publish(this.#key, own, this.#holder);
      session = own;
    }
    if (session !== undefined && (this.#rejected.has(session.token) || !this.#isFresh(session))) {
      await store.invalidate(this.#key, session.token);
      // A token near the end of its life still holds a slot: free it before taking a new one. A refused
      // one is being logged out by `discard`.
      if (!this.#rejected.delete(session.token)) due.push(session.token);
      session = undefined;
    }
    // Free the old slots before taking a new one: with every slot in use, the login would otherwise fail.
    for (const token of due) {
      redactor.add(token);
      await this.#logOutNow(send, token, deadline);
    }
    if (session !== undefined) {
      this.#adopt(session);
      return session.token;
    }
    this.#current = undefined;
    const token = await this.#logIn(send, attempt, deadline);
    const fresh: SharedSessionToken = { token, obtainedAt: now() };
    try {
      await store.publish(this.#key, fresh, this.#holder);
    } catch (error) {
      // Nobody else can know this token: free its slot ourselves rather than leak it.
      await this.#logOutNow(send, token, deadline);
      throw error;
    }
    this.#renewedAt = now();
    this.#adopt(fresh);
    return token;
  }

  #adopt(session: SharedSessionToken): void {
    this.#current = session;
    this.#settings.redactor.add(session.token);
  }

  /** One login attempt; a broken answer that came with a `key` cookie has that session logged out. */
  async #logIn(send: Send, attempt: number, deadline: AbortSignal | undefined): Promise<string> {
    const { login, passHash, logger, redactor } = this.#settings;
    let token: string;
    try {
      token = await send({
        path: PATHS.auth,
        searchParams: new URLSearchParams({ login, pass: passHash }),
        deadline,
        attempt,
        read: (response, request) => readToken(response, request, redactor),
      });
    } catch (error) {
      const cookie = typeof error === 'object' && error !== null ? cookieOfBrokenLogin.get(error) : undefined;
      if (cookie !== undefined) await this.#logOutNow(send, cookie, deadline);
      throw error;
    }
    logger.info({ login, server: this.#settings.serverKey }, 'iiko login');
    return token;
  }

  /**
   * One logout attempt inside the current pass; a failure worth retrying is retried in the background
   * (each attempt in a pass of its own), and one that still fails is deferred in the store.
   */
  async #logOutNow(send: Send, token: string, deadline: AbortSignal | undefined): Promise<void> {
    const outcome = await this.#logoutAttempt(send, token, deadline, 1);
    if (outcome !== 'done') this.#retire(token, outcome);
  }

  async #logoutAttempt(send: Send, token: string, deadline: AbortSignal | undefined, attempt: number): Promise<LogoutOutcome> {
    try {
      await this.#sendLogout(send, token, deadline, attempt);
      return 'done';
    } catch (error) {
      return isRetryableLogout(error) ? 'retry' : 'defer';
    }
  }

  /** Sends one logout; resolves when the slot is free (a `401` means the token was already gone). */
  async #sendLogout(send: Send, token: string, deadline: AbortSignal | undefined, attempt: number): Promise<void> {
    const { logger, login, serverKey } = this.#settings;
    try {
      await send({
        path: PATHS.logout,
        searchParams: new URLSearchParams({ key: token }),
        deadline,
        attempt,
        read: async (response) => void (await response.arrayBuffer()),
      });
      logger.info({ login, server: serverKey }, 'iiko logout');
    } catch (error) {
      // iikoServer answers 401 to a token it no longer knows (expired, restarted, logged out): nothing holds a slot.
      if (error instanceof IikoAuthError && error.status === 401) return;
      logger.warn({ login, server: serverKey, attempt, error: errorCode(error), status: isIikoError(error) ? error.status : undefined }, 'iiko logout failed');
      throw error;
    }
  }

  /** Retries a logout with back-off in the background, then defers it in the store if it still fails. */
  #retire(token: string, outcome: 'retry' | 'defer'): void {
    const { transport, store, retry, logoutRetries, logger, login, serverKey } = this.#settings;
    const task = (async () => {
      const deadline = AbortSignal.timeout(retry.totalTimeoutMs);
      let freed = false;
      if (outcome === 'retry' && logoutRetries > 0) {
        freed = await withRetries(
          (attempt) => transport.exclusive({ deadline }, (send) => this.#sendLogout(send, token, deadline, attempt + 1)),
          // The first attempt already failed: `retries` of these are the remaining ones.
          { ...retry, retries: logoutRetries - 1 },
          { path: `/${PATHS.logout}`, logger, shouldRetry: isRetryableLogout },
        ).then(
          () => true,
          () => false,
        );
      }
      if (freed) return;
      await transport.exclusive({ deadline }, () => store.deferLogout(this.#key, token));
      logger.warn({ login, server: serverKey }, 'iiko logout deferred: the next session start or close() logs it out');
    })().catch((error: unknown) => {
      logger.warn({ login, server: serverKey, error: errorCode(error) }, 'iiko logout could not be deferred; the slot frees itself when the token expires');
    });
    this.#background.add(task);
    void task.finally(() => this.#background.delete(task));
  }
}

/**
 * Reads a login answer: a bare token (trimmed). Markup is a page from a proxy; anything else that is not
 * token-shaped — empty, cut short, garbage — is a failed transfer (retried), not a wrong password, and a
 * `key` cookie that came with it names the session it may have opened.
 */
async function readToken(response: Response, request: IikoRequestInfo, redactor: Redactor): Promise<string> {
  const cookie = keyCookie(response.headers);
  if (cookie !== undefined) redactor.add(cookie);
  const broken = (error: IikoParseError | IikoNetworkError | IikoHtmlResponseError): never => {
    if (cookie !== undefined) cookieOfBrokenLogin.set(error, cookie);
    throw error;
  };
  let body: string;
  try {
    body = (await response.text()).trim();
  } catch (error) {
    return broken(
      new IikoNetworkError('the connection to iikoServer failed while the login answer was read', {
        status: response.status,
        request,
        cause: redactedCause(error, redactor.redact),
      }),
    );
  }
  if (isTokenShaped(body)) return body;
  if (body.startsWith('<')) {
    return broken(new IikoHtmlResponseError('iikoServer answered the login with markup instead of a token', { status: response.status, request }));
  }
  return broken(
    new IikoParseError(
      body === ''
        ? 'iikoServer answered the login with an empty body instead of a token'
        : 'iikoServer answered the login with something that is not a whole token (cut short?)',
      { status: response.status, request },
    ),
  );
}

/** The `key` cookie servers since 4.3 set with a login, when it has the shape of a token. */
function keyCookie(headers: Headers): string | undefined {
  const cookies = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') ?? ''];
  for (const cookie of cookies) {
    const match = /(?:^|[;,]\s*)key=([^;,\s]+)/i.exec(cookie);
    const value = match?.[1] === undefined ? undefined : safeDecode(match[1]);
    if (value !== undefined && isTokenShaped(value)) return value;
  }
  return undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return isIikoError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN';
}
