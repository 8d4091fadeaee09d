/**
 * Every fixed size, label and default of the package, each with the rule behind it. Nothing here is
 * configuration: the first group is the version 1 envelope format (`credential-envelope.md`), which
 * GET INN's Python services implement byte for byte.
 */

/** AES-256: a key is exactly 32 bytes from a CSPRNG. */
export const KEY_BYTES = 32;

/**
 * A 96-bit nonce, the length GCM is designed around (NIST SP 800-38D §5.2.1.1): other lengths go
 * through GHASH and lose the clean counter construction.
 */
export const IV_BYTES = 12;

/**
 * A full 128-bit tag. Node accepts shorter tags on decryption unless `authTagLength` is given, and a
 * 4-byte tag can be forged in about 2^32 tries, so the length is both checked and passed to Node.
 */
export const TAG_BYTES = 16;

/** The `v` field of a version 1 envelope. */
export const ENVELOPE_VERSION = 1;

/** The `alg` field of a version 1 envelope: AES-256-GCM, 96-bit nonce, 128-bit tag. */
export const ENVELOPE_ALGORITHM = 'A256GCM';

/** First element of the associated data array; a version 2 format would change it. */
export const ASSOCIATED_DATA_LABEL = 'getinn.credential.v1';

/** Key ids and context keys: the characters the spec allows (`A-Z a-z 0-9 . _ -`). */
export const ID_CHARACTERS = /^[A-Za-z0-9._-]+$/;

/** A key id is 1–64 characters of {@link ID_CHARACTERS}. */
export const KEY_ID_MAX_LENGTH = 64;

/**
 * The key id under which `keyringFromEnv` files the older single `CREDENTIAL_ENCRYPTION_KEY`. That key
 * sealed every row under one fixed nonce, which exposes its GHASH subkey (Joux 2006), so it may open
 * envelopes but never becomes the primary.
 */
export const LEGACY_KEY_ID = 'legacy';

/** Rows read per page by the batch rotation when no `pageSize` is given. */
export const DEFAULT_ROTATION_PAGE_SIZE = 100;

/** Actor recorded in audit events when a vault call names none (a service acting for itself). */
export const DEFAULT_ACTOR = 'system';

/** Longest `connectionError` text kept; iiko's HTML error pages can run to hundreds of kilobytes. */
export const CONNECTION_ERROR_MAX_LENGTH = 1000;
