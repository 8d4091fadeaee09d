/**
 * Key rotation (`credential-envelope.md`, "Keys"): add the new key to every service, make it primary,
 * re-encrypt stored envelopes in batches, and only then drop the old key.
 */
import { errorCodeOf, type AuditSink } from './audit';
import { DEFAULT_ACTOR, DEFAULT_ROTATION_PAGE_SIZE } from './constants';
import { decryptCredentials, encryptCredentials } from './credentials';
import { parseEnvelope, type CredentialEnvelope } from './envelope';
import { CredentialValidationError } from './errors';
import type { Keyring } from './keyring';
import { rowContext, type CredentialRow, type CredentialStore } from './store';
import type { CredentialContext } from './types';

/**
 * Whether an envelope should be re-sealed under the primary key: `false` only for a well-formed
 * version 1 envelope whose `kid` is the primary. Anything else — another key id, a malformed value, a
 * row still in the fixed-nonce format — needs attention (for the latter two, {@link reencrypt} throws
 * and `decryptLegacy` is the way out).
 *
 * @param envelope - an envelope object or its JSON text.
 */
export function needsReencrypt(keyring: Keyring, envelope: unknown): boolean {
  return parseEnvelope(envelope)?.kid !== keyring.primaryKeyId;
}

/**
 * Opens an envelope with whichever key its `kid` names and seals the value again under the primary
 * key, with a fresh nonce and the same context.
 *
 * @throws DecryptionError when the envelope does not open under `context`.
 * @example
 * ```ts
 * if (needsReencrypt(keyring, row.credentials)) {
 *   row.credentials = reencrypt(keyring, row.credentials, { accountId, integrationType });
 * }
 * ```
 */
export function reencrypt(keyring: Keyring, envelope: unknown, context: CredentialContext): CredentialEnvelope {
  return encryptCredentials(keyring, decryptCredentials(keyring, envelope, context), context);
}

/** A row by its unique key; what rotation reports instead of anything inside the row. */
export interface CredentialRowRef {
  readonly accountId: string;
  readonly integrationType: string;
}

/** Counts so far, passed to `onProgress` after every page. */
export interface RotationProgress {
  /** Rows looked at. */
  readonly scanned: number;
  /** Rows re-sealed under the primary key by this run. */
  readonly reencrypted: number;
  /** Rows already under the primary key. */
  readonly upToDate: number;
  /**
   * Rows changed by someone else between this run's read and write (a concurrent `put` writes under the
   * primary key already); left as they are.
   */
  readonly changedMeanwhile: number;
  /** Rows that did not open (malformed, unknown key id, fixed-nonce format, tampered); left as they are. */
  readonly failed: number;
  /**
   * Where a later run may resume: every row up to it has been handled. `null` once the last page is
   * done. Persist it to resume a long run with `after`; without it a rerun starts over, which is just as
   * correct (rows already under the primary are skipped), only slower.
   */
  readonly cursor: string | null;
}

/** What {@link rotateCredentials} did. */
export interface RotationResult extends RotationProgress {
  /** The rows that did not open, to look at by hand. */
  readonly failures: readonly CredentialRowRef[];
}

/** Options of {@link rotateCredentials}. */
export interface RotationOptions {
  /** Holds the new primary key and every key rows may still be sealed under. */
  readonly keyring: Keyring;
  readonly store: CredentialStore;
  /**
   * Rows per page: one `list` call, then one conditional `update` per row to re-seal.
   * @default 100
   */
  readonly pageSize?: number | undefined;
  /** Resume after this cursor (a `cursor` reported by `onProgress` of an interrupted run). */
  readonly after?: string | null | undefined;
  /**
   * Stops the run before its next row; the promise then rejects with the signal's reason. Rows
   * re-sealed so far stay re-sealed.
   */
  readonly signal?: AbortSignal | undefined;
  /** Called after every page (awaited), e.g. to persist `cursor`. */
  readonly onProgress?: ((progress: RotationProgress) => void | Promise<void>) | undefined;
  /** Receives one `rotate` event per row re-sealed or failed. */
  readonly audit?: AuditSink | undefined;
  /**
   * Who runs the rotation, for audit events.
   * @default 'system'
   */
  readonly actor?: string | undefined;
  /**
   * The clock for `updatedAt` and audit events.
   * @default () => new Date()
   */
  readonly now?: (() => Date) | undefined;
}

/**
 * Walks every stored row page by page and re-seals, under the primary key, those sealed under another
 * key. Idempotent — a row under the primary is left alone — and safe to stop at any point and run again:
 * each row is written with a compare-and-set on the envelope it read, so a concurrent `put` is never
 * overwritten, and a rerun (from the start, or from the last reported `cursor`) finishes the rest.
 *
 * Rows that do not open are counted and listed in `failures`, not thrown: one unreadable row must not
 * block the rotation of the others. Store errors and aborts are thrown.
 *
 * @example
 * ```ts
 * const result = await rotateCredentials({
 *   keyring, store, pageSize: 200, signal: AbortSignal.timeout(10 * 60_000),
 *   onProgress: (p) => log.info(p, 'rotation progress'),
 * });
 * if (result.failed > 0) log.warn({ rows: result.failures }, 'rows that did not open');
 * ```
 */
export async function rotateCredentials(options: RotationOptions): Promise<RotationResult> {
  const { keyring, store, signal, onProgress, audit } = options;
  const pageSize = options.pageSize ?? DEFAULT_ROTATION_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new CredentialValidationError('Invalid rotation options', ['pageSize: must be a positive integer']);
  }
  const actor = options.actor ?? DEFAULT_ACTOR;
  const now = options.now ?? (() => new Date());
  const failures: CredentialRowRef[] = [];
  let scanned = 0;
  let reencrypted = 0;
  let upToDate = 0;
  let changedMeanwhile = 0;
  let cursor = options.after ?? null;

  const rotateRow = async (row: CredentialRow): Promise<void> => {
    const { accountId, integrationType } = row;
    const previousKeyId = parseEnvelope(row.credentials)?.kid;
    if (previousKeyId === keyring.primaryKeyId) {
      upToDate += 1;
      return;
    }
    let next: CredentialEnvelope;
    try {
      next = reencrypt(keyring, row.credentials, rowContext(accountId, integrationType));
    } catch (error) {
      failures.push({ accountId, integrationType });
      await audit?.({
        at: now(),
        actor,
        action: 'rotate',
        accountId,
        integrationType,
        keyId: previousKeyId ?? null,
        outcome: 'error',
        errorCode: errorCodeOf(error),
      });
      return;
    }
    const updated = await store.update(
      accountId,
      integrationType,
      { credentials: next, updatedAt: now() },
      { credentials: row.credentials },
    );
    if (updated === undefined) {
      changedMeanwhile += 1;
      return;
    }
    reencrypted += 1;
    await audit?.({
      at: now(),
      actor,
      action: 'rotate',
      accountId,
      integrationType,
      keyId: next.kid,
      ...(previousKeyId === undefined ? {} : { previousKeyId }),
      outcome: 'ok',
    });
  };

  const progress = (): RotationProgress => ({
    scanned,
    reencrypted,
    upToDate,
    changedMeanwhile,
    failed: failures.length,
    cursor,
  });

  do {
    signal?.throwIfAborted();
    const page = await store.list({ after: cursor, limit: pageSize });
    for (const row of page.rows) {
      signal?.throwIfAborted();
      scanned += 1;
      await rotateRow(row);
    }
    cursor = page.nextCursor;
    await onProgress?.(progress());
  } while (cursor !== null);

  return { ...progress(), failures };
}
