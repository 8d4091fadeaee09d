import { randomUUID } from 'node:crypto';

/** Outcome of a login attempt against the licence pool. */
export type LoginOutcome = { ok: true; token: string } | { ok: false; reason: 'no-licence' };

/**
 * The licence slots and tokens of one fake server. iiko counts every login against a slot until logout or
 * expiry, tokens live a fixed time from login (use does not extend them) and a restart voids them all.
 * Expired sessions are dropped lazily, whenever the pool is looked at, using the injected clock.
 */
export class SessionPool {
  readonly #sessions = new Map<string, { readonly login: string; readonly expiresAt: number }>();
  readonly #slots: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #maxPerLogin = 0;

  constructor(slots: number, ttlMs: number, now: () => number) {
    this.#slots = slots;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Takes a slot for `login` and issues a token, or reports that none is free. */
  login(login: string): LoginOutcome {
    this.#sweep();
    if (this.#sessions.size >= this.#slots) return { ok: false, reason: 'no-licence' };
    const token = randomUUID();
    this.#sessions.set(token, { login, expiresAt: this.#now() + this.#ttlMs });
    this.#maxPerLogin = Math.max(this.#maxPerLogin, this.active(login));
    return { ok: true, token };
  }

  /** Frees the token's slot; false when the token is unknown or already expired. */
  logout(token: string): boolean {
    this.#sweep();
    return this.#sessions.delete(token);
  }

  /** Whether `token` is a live session. */
  isValid(token: string): boolean {
    this.#sweep();
    return this.#sessions.has(token);
  }

  /** Live sessions (slots in use), of one login or of all. */
  active(login?: string): number {
    this.#sweep();
    if (login === undefined) return this.#sessions.size;
    let count = 0;
    for (const session of this.#sessions.values()) if (session.login === login) count += 1;
    return count;
  }

  /** The most sessions one login held at the same time since the start (or the last {@link SessionPool.resetMax}). */
  maxPerLogin(): number {
    return this.#maxPerLogin;
  }

  /** Restarts the high-water mark from the sessions live now. */
  resetMax(): void {
    this.#sweep();
    const perLogin = new Map<string, number>();
    for (const { login } of this.#sessions.values()) perLogin.set(login, (perLogin.get(login) ?? 0) + 1);
    this.#maxPerLogin = Math.max(0, ...perLogin.values());
  }

  /** Total slots. */
  limit(): number {
    return this.#slots;
  }

  /** Voids every token, as a server restart does. */
  clear(): void {
    this.#sessions.clear();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, { expiresAt }] of this.#sessions) if (now >= expiresAt) this.#sessions.delete(token);
  }
}
