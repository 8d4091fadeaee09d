/**
 * `@getinn/credential-crypto`: integration credentials (an iiko login and password, …) encrypted as
 * version 1 envelopes — AES-256-GCM, a fresh random nonce per encryption, key ids for rotation, the
 * account and integration bound as associated data — plus a vault over a pluggable store.
 *
 * The envelope format is specified byte for byte in `credential-envelope.md`; GET INN's Python services
 * implement the same spec, and `test-vectors/envelope-v1.json` (shipped in the package) lets them check
 * it.
 *
 * @packageDocumentation
 * @module @getinn/credential-crypto
 */

// Keys
export { createKeyring } from './keyring';
export type { Keyring, KeyringOptions, KeyMaterial } from './keyring';
export { keyringFromEnv } from './env';
export { defaultKeyId, generateKeyEntry } from './keygen';
export type { CredentialEnv } from './env';

// Envelopes
export { encryptCredentials, decryptCredentials } from './credentials';
export { isCredentialEnvelope } from './envelope';
export type { CredentialEnvelope } from './envelope';
export type { CredentialContext, JsonObject, JsonValue } from './types';

// Rotation and migration
export { needsReencrypt, reencrypt, rotateCredentials } from './rotation';
export type { CredentialRowRef, RotationOptions, RotationProgress, RotationResult } from './rotation';
export { decryptLegacy } from './legacy';
export type { LegacyOptions } from './legacy';

// Storage and the vault
export { createCredentialVault } from './vault';
export type {
  AccessOptions,
  AuthorizeHook,
  ConnectionResult,
  CredentialSummary,
  CredentialVault,
  CredentialVaultOptions,
  PutOptions,
  StoredCredentials,
  VaultAction,
} from './vault';
export { createMemoryCredentialStore } from './memory-store';
export { rowContext } from './store';
export type {
  ConnectionStatus,
  CredentialListQuery,
  CredentialPage,
  CredentialRow,
  CredentialRowPatch,
  CredentialStore,
  CredentialUpdateCondition,
  IntegrationType,
} from './store';
export { validateIikoCredentials } from './validation';
export type { CredentialValidator, CredentialsFor, IikoCredentials, IntegrationCredentials } from './validation';
export type { AuditAction, AuditEvent, AuditOutcome, AuditSink } from './audit';

// Errors
export {
  CredentialCryptoError,
  DecryptionError,
  KeyringConfigError,
  CredentialValidationError,
  AuthorizationError,
  isCredentialCryptoError,
} from './errors';
export type { CredentialCryptoErrorCode, KeyringConfigReason } from './errors';

// Format constants
export {
  ENVELOPE_VERSION,
  ENVELOPE_ALGORITHM,
  LEGACY_KEY_ID,
  DEFAULT_ROTATION_PAGE_SIZE,
} from './constants';
