import type { JoinResult, SessionHolder, SessionStore, SharedSessionToken } from './session-store';

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /**
   * The clock for holder leases, in epoch milliseconds; tests pass a fake one to let leases expire.
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

interface MemorySession {
  readonly token: SharedSessionToken;
  /** Lease end of each holder, by holder id. */
  readonly holders: Map<string, number>;
}

/**
 * The in-memory {@link SessionStore}: sessions shared by the clients of one process. Clients without a
 * `sessionStore` option all use one such store, so every client of the same server and login in a
 * process shares one session — one licence slot — without configuration. The tokens never leave the
 * process; hosts with several processes use a shared store instead (`createPostgresSessionStore` of
 * `@getinn/iiko-postgres`).
 *
 * @example
 * ```ts
 * let now = 0;
 * const sessionStore = createMemorySessionStore({ now: () => now });
 * const iiko = new IikoClient({ baseUrl, login, password, sessionStore });
 * ```
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, MemorySession>();
  const deferred = new Map<string, Set<string>>();

  /** Drops holders whose lease ran out; true when someone still holds the session. */
  const hasLiveHolders = (session: MemorySession, at: number): boolean => {
    for (const [holderId, until] of session.holders) if (until <= at) session.holders.delete(holderId);
    return session.holders.size > 0;
  };
  const takeDeferred = (key: string): string[] => {
    const tokens = [...(deferred.get(key) ?? [])];
    deferred.delete(key);
    return tokens;
  };

  return {
    async join(key: string, holder: SessionHolder): Promise<JoinResult> {
      const at = now();
      const toLogOut = takeDeferred(key);
      const session = sessions.get(key);
      if (session === undefined) return { toLogOut };
      if (!hasLiveHolders(session, at)) {
        // Every holder stopped renewing (crashed, or idle past its lease): the joiner logs the session out.
        sessions.delete(key);
        return { toLogOut: [...toLogOut, session.token.token] };
      }
      session.holders.set(holder.holderId, at + holder.leaseMs);
      return { session: { ...session.token }, toLogOut };
    },
    async publish(key, token, holder) {
      sessions.set(key, { token: { ...token }, holders: new Map([[holder.holderId, now() + holder.leaseMs]]) });
    },
    async heartbeat(key, holder) {
      const session = sessions.get(key);
      if (session?.holders.has(holder.holderId)) session.holders.set(holder.holderId, now() + holder.leaseMs);
    },
    async leave(key, holderId) {
      const session = sessions.get(key);
      if (session === undefined) return {};
      session.holders.delete(holderId);
      if (hasLiveHolders(session, now())) return {};
      sessions.delete(key);
      return { logout: session.token.token };
    },
    async invalidate(key, token) {
      if (sessions.get(key)?.token.token === token) sessions.delete(key);
    },
    async deferLogout(key, token) {
      let tokens = deferred.get(key);
      if (tokens === undefined) {
        tokens = new Set();
        deferred.set(key, tokens);
      }
      tokens.add(token);
    },
  };
}
