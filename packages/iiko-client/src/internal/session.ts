import { PATHS } from '../constants';
import { IikoAuthError } from '../errors/auth-errors';
import { isIikoError } from '../errors/iiko-error';
import { IikoHtmlResponseError } from '../errors/response-errors';
import type { Logger } from '../logger';
import type { StoredToken, TokenStore } from '../token-store';
import { abortError, untilAborted } from './abort';
import { processRegistry } from './global-registry';
import type { Redactor } from './redact';
import { markFinal } from './retry-policy';
import { withRetries, type RetrySettings } from './retrying';
import type { Transport } from './transport';

/** What a session needs from the client that opens it. */
export interface SessionSettings {
  serverKey: string;
  login: string;
  passHash: string;
  transport: Transport;
  tokenStore: TokenStore;
  redactor: Redactor;
  logger: Logger;
  retry: RetrySettings;
  sessionLifetimeMs: number;
  renewBeforeMs: number;
  now: () => number;
}

const sessions = processRegistry<SharedSession>('sessions');

/**
 * Every login takes one of the customer's licence slots until logout or expiry (vendor docs,
 * Авторизация), and a client that logs in again and again locks the customer's other integrations out
 * for up to an hour. So a process holds ONE session per (server, login): client objects for the same pair
 * share it, and it is logged out when the last of them closes.
 */
export function acquireSession(settings: SessionSettings): SharedSession {
  const key = `${settings.serverKey}\n${settings.login}`;
  let session = sessions.get(key);
  if (!session) {
    session = new SharedSession(key, settings);
    sessions.set(key, session);
  }
  session.retain(settings.redactor);
  return session;
}

/** One licence slot's worth of login state, shared by the clients of one (server, login). */
export class SharedSession {
  readonly #key: string;
  readonly #settings: SessionSettings;
  readonly #redactors = new Set<Redactor>();
  #references = 0;
  #current: StoredToken | undefined;
  #loggingIn: Promise<string> | undefined;

  constructor(key: string, settings: SessionSettings) {
    this.#key = key;
    this.#settings = settings;
  }

  retain(redactor: Redactor): void {
    this.#references += 1;
    this.#redactors.add(redactor);
    if (this.#current) redactor.add(this.#current.token);
  }

  /**
   * A token that is good for now. Any number of concurrent callers share one login (single flight); a
   * token close to the end of its lifetime is renewed first, because use does not extend it and the
   * server gives no expiry.
   */
  async token(signal?: AbortSignal, deadline?: AbortSignal): Promise<string> {
    const aborted = abortError(signal, deadline, 'before it was sent');
    if (aborted) throw aborted;
    if (this.#current && this.#isFresh(this.#current)) return this.#current.token;
    // The login is shared by every caller waiting for it, so it must not run under one caller's signal:
    // that caller's abort would fail the login for all the others. Each caller stops waiting on its own
    // abort instead; the login finishes, and its token serves the next call (and is logged out on close).
    this.#loggingIn ??= this.#renew().finally(() => {
      this.#loggingIn = undefined;
    });
    return untilAborted(this.#loggingIn, signal, deadline, 'while it waited for the login');
  }

  /**
   * The server answered `401` to `rejected`: forget it (best-effort logout, in case only this request was
   * refused) so the next {@link SharedSession.token} logs in again. Concurrent callers that saw the same
   * rejection share that one new login.
   */
  async discard(rejected: string): Promise<void> {
    if (this.#current?.token !== rejected) return;
    this.#current = undefined;
    await this.#settings.tokenStore.delete(this.#key);
    await this.#logout(rejected);
  }

  /** One client closed; the last one out logs out and frees the licence slot. */
  async release(): Promise<void> {
    this.#references -= 1;
    if (this.#references > 0) return;
    sessions.delete(this.#key);
    await this.#loggingIn?.catch(() => undefined);
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    await this.#settings.tokenStore.delete(this.#key);
    await this.#logout(current.token);
  }

  #isFresh(token: StoredToken): boolean {
    const { sessionLifetimeMs, renewBeforeMs, now } = this.#settings;
    return now() - token.obtainedAt < sessionLifetimeMs - renewBeforeMs;
  }

  async #renew(): Promise<string> {
    const stored = await this.#settings.tokenStore.get(this.#key);
    if (stored && this.#isFresh(stored) && stored.token !== this.#current?.token) {
      this.#remember(stored);
      return stored.token;
    }
    const old = this.#current;
    this.#current = undefined;
    // Free the old slot before taking a new one: with every slot in use, the login would otherwise fail.
    if (old) await this.#logout(old.token);
    const token = await this.#login();
    const fresh = { token, obtainedAt: this.#settings.now() };
    this.#remember(fresh);
    await this.#settings.tokenStore.set(this.#key, fresh);
    return token;
  }

  #remember(token: StoredToken): void {
    this.#current = token;
    for (const redactor of this.#redactors) redactor.add(token.token);
  }

  async #login(): Promise<string> {
    const { transport, login, passHash, logger, retry } = this.#settings;
    const searchParams = new URLSearchParams({ login, pass: passHash });
    const token = await withRetries(
      (attempt) =>
        transport.send({
          path: PATHS.auth,
          searchParams,
          attempt,
          read: async (response, request) => {
            const body = (await response.text()).trim();
            if (body.startsWith('<')) {
              throw new IikoHtmlResponseError(`iikoServer answered the login with markup instead of a token`, {
                status: response.status,
                request,
              });
            }
            if (!/^[\w.-]{8,}$/.test(body)) {
              throw new IikoAuthError(
                body === '' ? 'iikoServer answered the login with an empty body instead of a token' : 'iikoServer answered the login with something that is not a token',
                { status: response.status, request },
              );
            }
            return body;
          },
        }),
      retry,
      { path: `/${PATHS.auth}`, logger },
    ).catch((error: unknown) => {
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
    });
    logger.info({ login, server: this.#settings.serverKey }, 'iiko login');
    return token;
  }

  /** Best effort: a failed logout only means the slot frees itself when the token expires. */
  async #logout(token: string): Promise<void> {
    const { transport, logger } = this.#settings;
    try {
      await transport.send({
        path: PATHS.logout,
        searchParams: new URLSearchParams({ key: token }),
        attempt: 1,
        read: async (response) => void (await response.arrayBuffer()),
      });
      logger.info({ login: this.#settings.login, server: this.#settings.serverKey }, 'iiko logout');
    } catch (error) {
      logger.warn(
        { login: this.#settings.login, server: this.#settings.serverKey, error: isIikoError(error) ? error.code : 'UNKNOWN' },
        'iiko logout failed; the licence slot frees itself when the token expires',
      );
    }
  }
}
