/**
 * Checks on what the vault stores. Issues name the field and the rule, never the value: they end up in
 * error messages, and the value is a password.
 */
import { ID_CHARACTERS, KEY_ID_MAX_LENGTH } from './constants';
import type { JsonObject } from './types';

/**
 * Returns the problems with a credential value, one line each (empty when it is valid). Lines name
 * fields, never their values.
 *
 * @example
 * ```ts
 * const rKeeper: CredentialValidator = (value) =>
 *   typeof (value as { apiKey?: unknown })?.apiKey === 'string' ? [] : ['apiKey: must be a string'];
 * ```
 */
export type CredentialValidator = (credentials: unknown) => readonly string[];

/**
 * An iiko (iikoServer / resto API) login. iiko's `/auth` takes the login and the SHA-1 hex of the
 * password, so either the password or its SHA-1 is enough.
 */
export interface IikoCredentials {
  /** The iiko user's login. */
  login: string;
  /** The password in clear; the client hashes it. */
  password?: string;
  /** SHA-1 of the password as 40 hex digits, for hosts that never held the clear password. */
  passwordSha1?: string;
}

/**
 * The credentials type of each integration, for typed `vault.get`/`vault.put`. Augment it for your
 * own integrations:
 *
 * @example
 * ```ts
 * declare module '@getinn/credential-crypto' {
 *   interface IntegrationCredentials {
 *     r_keeper: { login: string; password: string };
 *   }
 * }
 * ```
 */
export interface IntegrationCredentials {
  iiko: IikoCredentials;
}

/** The credentials type of `integrationType`: its entry in {@link IntegrationCredentials}, else a JSON object. */
export type CredentialsFor<T extends string> = T extends keyof IntegrationCredentials
  ? IntegrationCredentials[T]
  : JsonObject;

const MAX_DEPTH = 32;
const SHA1_HEX = /^[0-9a-fA-F]{40}$/;
const IIKO_FIELDS = new Set(['login', 'password', 'passwordSha1']);

/** Whether `value` is an object literal (or `Object.create(null)`), not an array, class instance or Map. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Problems that would keep `value` from surviving `JSON.stringify` then `JSON.parse` unchanged. Paths
 * give positions (`credentials/field 2/item 1`), not field names: in a credential object a name can be
 * a secret too (`{ "admin": "p4ss" }`).
 */
export function jsonIssues(value: unknown, path = 'credentials', depth = 0): string[] {
  if (depth > MAX_DEPTH) return [`${path}: nested deeper than ${MAX_DEPTH} levels`];
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path}: must be a finite number`];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => jsonIssues(item, `${path}/item ${index + 1}`, depth + 1));
  }
  if (isPlainObject(value)) {
    return Object.values(value).flatMap((item, index) => jsonIssues(item, `${path}/field ${index + 1}`, depth + 1));
  }
  return [`${path}: must be JSON (string, finite number, boolean, null, array or plain object)`];
}

/** The generic check for integrations without a validator: a plain object of JSON values. */
export function validateJsonObject(credentials: unknown): string[] {
  if (!isPlainObject(credentials)) return ['credentials: must be a plain object'];
  return jsonIssues(credentials);
}

/**
 * The check for `iiko`: a non-empty `login`, and a non-empty `password` or a 40-hex-digit
 * `passwordSha1` (or both); no other field.
 */
export function validateIikoCredentials(credentials: unknown): string[] {
  if (!isPlainObject(credentials)) return ['credentials: must be an object with login and password'];
  const { login, password, passwordSha1 } = credentials;
  const issues: string[] = [];
  if (typeof login !== 'string' || login.trim() === '') issues.push('login: must be a non-empty string');
  if (password !== undefined && (typeof password !== 'string' || password === '')) {
    issues.push('password: must be a non-empty string');
  }
  if (passwordSha1 !== undefined && (typeof passwordSha1 !== 'string' || !SHA1_HEX.test(passwordSha1))) {
    issues.push('passwordSha1: must be 40 hexadecimal digits');
  }
  if (password === undefined && passwordSha1 === undefined) {
    issues.push('password: required (or passwordSha1)');
  }
  const unknown = Object.keys(credentials).filter((key) => !IIKO_FIELDS.has(key)).length;
  if (unknown > 0) {
    // Not named: a misplaced secret can sit in a field name as easily as in a value.
    issues.push(`credentials: ${unknown} unexpected field${unknown === 1 ? '' : 's'} (allowed: login, password, passwordSha1)`);
  }
  return issues;
}

/** The validators the vault applies unless told otherwise. */
export const DEFAULT_VALIDATORS: Readonly<Record<string, CredentialValidator>> = Object.freeze({
  iiko: validateIikoCredentials,
});

/** Problems with an account id: any non-empty string. */
export function accountIdIssues(accountId: unknown): string[] {
  return typeof accountId === 'string' && accountId !== '' ? [] : ['accountId: must be a non-empty string'];
}

/** Problems with an integration type: 1–64 characters of `A-Z a-z 0-9 . _ -`, like a key id. */
export function integrationTypeIssues(integrationType: unknown): string[] {
  return typeof integrationType === 'string' &&
    integrationType.length <= KEY_ID_MAX_LENGTH &&
    ID_CHARACTERS.test(integrationType)
    ? []
    : [`integrationType: must be 1–${KEY_ID_MAX_LENGTH} characters of A-Z a-z 0-9 . _ -`];
}

/**
 * Problems with a base URL: it must be an absolute `http:` or `https:` URL without a user or password
 * in it (those belong in the encrypted credentials, not in a plain column). The URL is never quoted.
 */
export function baseUrlIssues(baseUrl: unknown): string[] {
  if (typeof baseUrl !== 'string') return ['baseUrl: must be a string'];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return ['baseUrl: must be an absolute URL'];
  }
  const issues: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') issues.push('baseUrl: must be http: or https:');
  if (url.username !== '' || url.password !== '') {
    issues.push('baseUrl: must not contain a user or password (they belong in the credentials)');
  }
  return issues;
}
