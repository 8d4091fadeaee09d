/** A session token and when it was obtained; see {@link TokenStore}. */
export interface StoredToken {
  /** The `key` returned by `/resto/api/auth`. */
  token: string;
  /** When the login happened, in epoch milliseconds (tokens live about an hour from login). */
  obtainedAt: number;
}

/**
 * Where session tokens live between calls. The default keeps them in memory, shared by every client in
 * the process. A host running several processes against one iikoServer can share tokens through Redis
 * or a database so the processes together hold one licence slot instead of one each.
 *
 * Keys are opaque strings derived from the server and login (never containing the password).
 *
 * @example
 * ```ts
 * const redisTokenStore: TokenStore = {
 *   get: async (key) => JSON.parse((await redis.get(key)) ?? 'null') ?? undefined,
 *   set: async (key, value) => void (await redis.set(key, JSON.stringify(value), 'PX', 3_600_000)),
 *   delete: async (key) => void (await redis.del(key)),
 * };
 * ```
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The in-memory {@link TokenStore}. One module-level instance is the default, so clients in one process
 * share tokens even without configuration.
 */
export function createMemoryTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  return {
    get: async (key) => tokens.get(key),
    set: async (key, value) => void tokens.set(key, value),
    delete: async (key) => void tokens.delete(key),
  };
}
