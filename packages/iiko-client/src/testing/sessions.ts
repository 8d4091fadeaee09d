import { randomUUID } from 'node:crypto';

/** Outcome of a login attempt against the licence pool. */
export type LoginOutcome = { ok: true; token: string } | { ok: false; reason: 'no-licence' };

/**
 * The licence slots and tokens of one fake server. iiko counts every login against a slot until logout or
 * expiry, tokens live a fixed time from login (use does not extend them) and a restart voids them all.
 * Expired sessions are dropped lazily, whenever the pool is looked at, using the injected clock.
 */
export class SessionPool {
  readonly #expiresAt = new Map<string, number>();
  readonly #slots: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(slots: number, ttlMs: number, now: () => number) {
    this.#slots = slots;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Takes a slot and issues a token, or reports that none is free. */
  login(): LoginOutcome {
    this.#sweep();
    if (this.#expiresAt.size >= this.#slots) return { ok: false, reason: 'no-licence' };
    const token = randomUUID();
    this.#expiresAt.set(token, this.#now() + this.#ttlMs);
    return { ok: true, token };
  }

  /** Frees the token's slot; false when the token is unknown or already expired. */
  logout(token: string): boolean {
    this.#sweep();
    return this.#expiresAt.delete(token);
  }

  /** Whether `token` is a live session. */
  isValid(token: string): boolean {
    this.#sweep();
    return this.#expiresAt.has(token);
  }

  /** Live sessions (slots in use). */
  active(): number {
    this.#sweep();
    return this.#expiresAt.size;
  }

  /** Total slots. */
  limit(): number {
    return this.#slots;
  }

  /** Voids every token, as a server restart does. */
  clear(): void {
    this.#expiresAt.clear();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, expiresAt] of this.#expiresAt) if (now >= expiresAt) this.#expiresAt.delete(token);
  }
}
