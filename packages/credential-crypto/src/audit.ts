/**
 * Audit events: who touched which account's credentials, when, how, under which key id, and how it
 * ended. Built from ids only — never a plaintext, a ciphertext or a key — so a sink may ship them to
 * any log.
 */

/** What was done. `rotate` is the batch re-encryption under the primary key. */
export type AuditAction = 'put' | 'get' | 'delete' | 'list' | 'status' | 'rotate';

/** How it ended: done, refused by `authorize`, or failed. */
export type AuditOutcome = 'ok' | 'denied' | 'error';

/** One access to, or change of, stored credentials. */
export interface AuditEvent {
  /** When, from the vault's clock. */
  readonly at: Date;
  /** Who: the actor passed to the call, else the vault's `defaultActor`. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly accountId: string;
  /** `null` for `list`, which spans an account's integrations. */
  readonly integrationType: string | null;
  /**
   * The key id involved: the one that sealed what was read or deleted, the primary for what was
   * written; `null` when no envelope was involved (a missing row, `list`).
   */
  readonly keyId: string | null;
  /** For `rotate`: the key id the envelope was sealed under before. */
  readonly previousKeyId?: string;
  readonly outcome: AuditOutcome;
  /**
   * For outcome `error`: the error's `code` when it has one (`DECRYPTION_FAILED`,
   * `CREDENTIAL_VALIDATION`, …), else `UNKNOWN`.
   */
  readonly errorCode?: string;
}

/**
 * Receives every audit event. Awaited: when it throws, the call fails too, so no access goes
 * unrecorded (a write that already reached the store stays written).
 *
 * @example
 * ```ts
 * const audit: AuditSink = (event) => logger.info({ event }, 'credential access');
 * ```
 */
export type AuditSink = (event: AuditEvent) => void | Promise<void>;

/** The `errorCode` of an audit event for `error`. */
export function errorCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'UNKNOWN';
}
