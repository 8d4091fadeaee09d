/** Shared value types of the public API. */

/** Any value `JSON.stringify` writes and `JSON.parse` reads back unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * What an envelope is bound to: a flat map of string keys (`A-Z a-z 0-9 . _ -`) to string values. The
 * same context must be given to decrypt, so an envelope copied into another row fails to open.
 *
 * @example
 * ```ts
 * const context = { accountId: '6f1c9a0e-…', integrationType: 'iiko' };
 * ```
 */
export type CredentialContext = Readonly<Record<string, string>>;
