/** A session token and when it was obtained, as a {@link SessionStore} keeps it. */
export interface SharedSessionToken {
  /** The `key` returned by `/resto/api/auth`: a secret; stores outside the process seal it. */
  token: string;
  /** When the login happened, in epoch milliseconds (tokens live about an hour from login; use does not extend them). */
  obtainedAt: number;
}

/** One holder of a shared session: a client in some process, and how long its claim lasts unrenewed. */
export interface SessionHolder {
  /** Unique per client object and process (the client makes a random one). */
  holderId: string;
  /** How long the holder counts after its last {@link SessionStore.join}, {@link SessionStore.publish} or {@link SessionStore.heartbeat}. */
  leaseMs: number;
}

/** What {@link SessionStore.join} found. */
export interface JoinResult {
  /** The live session of the key, which the holder now shares; absent when there is none. */
  session?: SharedSessionToken | undefined;
  /**
   * Tokens the caller must log out: a session whose holders' leases all expired (its holders crashed),
   * and tokens whose earlier logout failed ({@link SessionStore.deferLogout}). They are removed from the
   * store as they are handed out; a logout that fails again is deferred again.
   */
  toLogOut: string[];
}

/**
 * Where the sessions of one (server, login) are shared, so that every process together holds **one**
 * licence slot per login: iiko counts every login against a slot until logout or expiry (vendor docs,
 * Авторизация).
 *
 * A client that needs a session joins the live one if there is one, logs in only when there is none and
 * publishes its token; each client holds a lease and renews it while it works; the last holder to leave
 * logs the session out; a session whose holders all stopped renewing (a crash) is handed to the next
 * joiner to log out. The client calls every method except {@link SessionStore.heartbeat} while holding
 * the server's {@link ServerGate} pass, so implementations need atomic single operations, not locks
 * around sequences. `heartbeat` runs on a timer outside the pass: the pass may be held by the holder's
 * own long request, which is exactly when its lease must stay alive.
 *
 * Keys are opaque strings derived from the server and login; they never contain the password. Tokens are
 * secrets: a store outside the process seals them (the PostgreSQL store uses the credential keyring) and
 * never logs them.
 */
export interface SessionStore {
  /**
   * Registers `holder` on the key's live session and returns it, or returns no session when none is live.
   * Either way, also hands out the tokens that are due for logout.
   */
  join(key: string, holder: SessionHolder): Promise<JoinResult>;
  /** Records the session `holder` has just logged in, with `holder` as its first holder; replaces any session of the key. */
  publish(key: string, session: SharedSessionToken, holder: SessionHolder): Promise<void>;
  /** Renews `holder`'s lease on the key's session (a no-op when it holds none). */
  heartbeat(key: string, holder: SessionHolder): Promise<void>;
  /**
   * Removes `holderId` from the key's session. When no live holder remains, the session is removed too and
   * its token returned for the caller to log out.
   */
  leave(key: string, holderId: string): Promise<{ logout?: string | undefined }>;
  /** The server refused `token` (401): forget the key's session if it still holds that token. */
  invalidate(key: string, token: string): Promise<void>;
  /** A logout of `token` failed: keep it, to be handed out by the next {@link SessionStore.join} of the key. */
  deferLogout(key: string, token: string): Promise<void>;
}
