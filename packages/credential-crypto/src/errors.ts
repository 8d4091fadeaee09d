/**
 * The package's errors. Each carries a stable `code`; none carries a key, a password, a ciphertext or a
 * plaintext in its message, stack, `cause` or serialized form.
 */

/**
 * Marks every error of this package. `Symbol.for` returns the same symbol in every copy of the package
 * loaded in one process (an ESM and a CJS copy, two versions in `node_modules`), where `instanceof`
 * would fail, so {@link isCredentialCryptoError} works across them.
 */
const BRAND = Symbol.for('@getinn/credential-crypto/error');

/** The `code` of each error class. */
export type CredentialCryptoErrorCode =
  | 'DECRYPTION_FAILED'
  | 'KEYRING_CONFIG'
  | 'CREDENTIAL_VALIDATION'
  | 'AUTHORIZATION_DENIED';

/** Base class of every error thrown by `@getinn/credential-crypto`. */
export abstract class CredentialCryptoError extends Error {
  /** Stable machine-readable code; the message is for people. */
  abstract readonly code: CredentialCryptoErrorCode;
}
Object.defineProperty(CredentialCryptoError.prototype, BRAND, { value: true });

/**
 * An envelope did not open. Malformed JSON, a wrong version or algorithm, an unknown key id, a nonce or
 * tag of the wrong length, bad base64url, a changed bit, another key id or another context all end
 * here, with the same message and no `cause`: telling them apart would hand an attacker an oracle
 * (`credential-envelope.md`, "Decrypting").
 */
export class DecryptionError extends CredentialCryptoError {
  override readonly name = 'DecryptionError';
  readonly code = 'DECRYPTION_FAILED';

  constructor() {
    super('The credential envelope could not be decrypted.');
  }
}

/** Why a keyring configuration was refused; the message explains it in words. */
export type KeyringConfigReason =
  /** `CREDENTIAL_ENCRYPTION_NONCE` is set: a fixed nonce breaks AES-GCM. */
  | 'NONCE_CONFIGURED'
  /** No key at all. */
  | 'NO_KEYS'
  /** A `CREDENTIAL_KEYS` entry is not `kid:base64`. */
  | 'MALFORMED_ENTRY'
  /** A key id is empty, too long or uses characters outside `A-Z a-z 0-9 . _ -`. */
  | 'INVALID_KEY_ID'
  /** The same key id twice. */
  | 'DUPLICATE_KEY_ID'
  /** A key is not valid base64 or base64url. */
  | 'INVALID_KEY_ENCODING'
  /** A key does not decode to exactly 32 bytes. */
  | 'INVALID_KEY_LENGTH'
  /** No primary key id was named although several keys are configured. */
  | 'PRIMARY_MISSING'
  /** The primary key id names no configured key. */
  | 'PRIMARY_UNKNOWN'
  /** The older fixed-nonce key was asked to seal new envelopes. */
  | 'LEGACY_PRIMARY'
  /** `CREDENTIAL_ENCRYPTION_KEY` and a `legacy` entry of `CREDENTIAL_KEYS` disagree. */
  | 'LEGACY_CONFLICT';

/**
 * A keyring could not be built from its configuration. Thrown at start-up (by `createKeyring` or
 * `keyringFromEnv`) so a misconfigured service fails before it touches a credential. The message names
 * the variable and key id at fault and why, never a key.
 */
export class KeyringConfigError extends CredentialCryptoError {
  override readonly name = 'KeyringConfigError';
  readonly code = 'KEYRING_CONFIG';
  /** Which rule was broken. */
  readonly reason: KeyringConfigReason;

  constructor(reason: KeyringConfigReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * A value, context or vault argument was refused before anything was encrypted or stored. `issues`
 * names each field and what is wrong with it, never the value.
 */
export class CredentialValidationError extends CredentialCryptoError {
  override readonly name = 'CredentialValidationError';
  readonly code = 'CREDENTIAL_VALIDATION';
  /** One line per problem, e.g. `"password: must be a non-empty string"`. */
  readonly issues: readonly string[];

  constructor(subject: string, issues: readonly string[]) {
    super(`${subject}: ${issues.join('; ')}`);
    this.issues = Object.freeze([...issues]);
  }
}

/** The vault's `authorize` hook refused an access. */
export class AuthorizationError extends CredentialCryptoError {
  override readonly name = 'AuthorizationError';
  readonly code = 'AUTHORIZATION_DENIED';
  /** Who asked. */
  readonly actor: string;
  /** Which account's credentials. */
  readonly accountId: string;
  /** What they asked to do. */
  readonly action: string;

  constructor(actor: string, accountId: string, action: string) {
    super(`Actor "${actor}" may not ${action} the credentials of account "${accountId}".`);
    this.actor = actor;
    this.accountId = accountId;
    this.action = action;
  }
}

/** The class for each code, so the guard below narrows to the right type. */
interface ErrorByCode {
  DECRYPTION_FAILED: DecryptionError;
  KEYRING_CONFIG: KeyringConfigError;
  CREDENTIAL_VALIDATION: CredentialValidationError;
  AUTHORIZATION_DENIED: AuthorizationError;
}

/**
 * Whether `error` was thrown by this package — by any copy of it loaded in the process, which
 * `instanceof` cannot promise. With a `code`, also whether it is that kind of error.
 *
 * @example
 * ```ts
 * try {
 *   decryptCredentials(keyring, row.credentials, context);
 * } catch (error) {
 *   if (isCredentialCryptoError(error, 'DECRYPTION_FAILED')) markRowUnreadable(row);
 *   else throw error;
 * }
 * ```
 */
export function isCredentialCryptoError(error: unknown): error is CredentialCryptoError;
export function isCredentialCryptoError<C extends CredentialCryptoErrorCode>(
  error: unknown,
  code: C,
): error is ErrorByCode[C];
export function isCredentialCryptoError(error: unknown, code?: CredentialCryptoErrorCode): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (error as { code?: unknown }).code === code;
}
