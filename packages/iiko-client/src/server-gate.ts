/**
 * A pass through a {@link ServerGate}: while it is held, no other request to the same iikoServer is in
 * flight from any process that shares the gate.
 */
export interface GatePass {
  /**
   * Lets the next request to the server through. Called exactly once per pass, also when the request
   * failed. Implementations must not throw for a pass that is already released.
   */
  release(): Promise<void>;
}

/**
 * The door every request to one iikoServer passes through — logins, reads and logouts alike.
 *
 * iikoServer must receive strictly sequential requests: the next one only after the previous one was
 * answered (vendor docs, "Ограничения и рекомендации"). A gate guarantees that among **all processes
 * that share it**: the default gate is in-process (one serial queue per server in this process); the
 * PostgreSQL gate of `@getinn/iiko-postgres` extends the guarantee to every process that uses the same
 * database, surviving a crashed holder.
 *
 * The client also calls the {@link SessionStore} only while it holds the server's pass, so a
 * check-then-act sequence on sessions (join, else log in and publish) needs no lock of its own.
 *
 * @example
 * ```ts
 * const iiko = new IikoClient({ baseUrl, login, password, gate: createPostgresServerGate(pool) });
 * ```
 */
export interface ServerGate {
  /**
   * Waits until this caller may send the one request in flight to `serverKey`, and resolves to its pass.
   * Rejects with the signal's reason when `signal` aborts while waiting (the wait counts against the
   * call's budgets, which the client expresses through that signal).
   *
   * @param serverKey - the server's identity: origin plus path, lower-cased (never a secret).
   */
  acquire(serverKey: string, options?: { signal?: AbortSignal | undefined }): Promise<GatePass>;
}
