import type { CredentialVault } from '@getinn/credential-crypto';
import type { IikoSync, Logger } from '@getinn/iiko-sync';
import type { IikoHttpJobs } from './jobs';

/**
 * What a request asks to do, as `authorize` is told:
 * - `connect`: `POST /connect` (test, seal and store a login);
 * - `disconnect`: `DELETE /connect` (remove the credentials);
 * - `status`: `GET /status`;
 * - `sync`: `POST /sync/{entityType}`;
 * - `logs`: `GET /logs`;
 * - `job`: `GET /jobs/{jobId}`.
 */
export type IikoHttpAction = 'connect' | 'disconnect' | 'status' | 'sync' | 'logs' | 'job';

/** What `authorize` is asked about. */
export interface IikoHttpAuthorizeRequest {
  /** The request itself: read its cookie, `Authorization` header or whatever the host authenticates by. */
  request: Request;
  /** The account in the path, decoded (`/accounts/{accountId}/…`). Nothing has been read for it yet. */
  accountId: string;
  /** What the request asks to do to the account's integration. */
  action: IikoHttpAction;
}

/**
 * `authorize` allows: `actor` names the user in the vault's audit events (`user:42`), so every
 * credential change the request makes is recorded against that user.
 */
export interface IikoHttpGrant {
  /** Who is asking, as the audit log should name them: `user:42`, `service:support-console`. */
  actor: string;
}

/**
 * `authorize` refuses: `401` when nobody is authenticated, `403` when this user may not do this to this
 * account (another account's id, a missing permission).
 */
export interface IikoHttpRefusal {
  /** `401`: not authenticated. `403`: authenticated, not allowed. */
  status: 401 | 403;
  /** A sentence for the problem's `detail`; a generic one by default. */
  detail?: string;
  /** Headers for the answer, e.g. `{ 'www-authenticate': 'Bearer' }` on a `401` (RFC 9110 §11.6.1). */
  headers?: Record<string, string>;
}

/**
 * The host's authentication and permission check, called before anything else on every account route —
 * before the body is read, before any store is touched. Anything but an {@link IikoHttpGrant} with a
 * non-empty `actor` or an {@link IikoHttpRefusal} with status 401 is a `403` (fail closed); a throw is
 * a `500`.
 *
 * @example
 * ```ts
 * const authorize: IikoHttpAuthorize = async ({ request, accountId, action }) => {
 *   const user = await sessions.userOf(request.headers.get('authorization'));
 *   if (!user) return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
 *   if (!(await permissions.can(user, action === 'status' || action === 'logs' || action === 'job' ? 'read' : 'manage', accountId))) {
 *     return { status: 403 };
 *   }
 *   return { actor: `user:${user.id}` };
 * };
 * ```
 */
export type IikoHttpAuthorize = (request: IikoHttpAuthorizeRequest) => IikoHttpGrant | IikoHttpRefusal | Promise<IikoHttpGrant | IikoHttpRefusal>;

/** The vault methods the handler uses; `createCredentialVault(…)` fits. */
export type IikoHttpVault = Pick<CredentialVault, 'put' | 'delete' | 'list' | 'recordConnection'>;

/** The sync methods the handler uses; `createIikoSync(…)` fits. */
export type IikoHttpSync = Pick<IikoSync, 'run' | 'testCredentials' | 'listLogs'>;

/** Options of {@link createIikoHttpHandler}. */
export interface IikoHttpHandlerOptions {
  /**
   * Where credentials are sealed and stored. Every credential access the handler makes passes the
   * user from `authorize` as the actor, so the vault's audit sink records who connected or disconnected.
   */
  vault: IikoHttpVault;
  /** Tests logins, runs syncs (without `jobs`) and reads the sync log. */
  sync: IikoHttpSync;
  /**
   * A job engine: `POST /sync/{entityType}` then answers `202 { jobId }` and `GET /jobs/{jobId}` serves
   * the job's state.
   * @default none — syncs run inline and the answer is the report
   */
  jobs?: IikoHttpJobs;
  /** The host's authentication and permission check; see {@link IikoHttpAuthorize}. */
  authorize: IikoHttpAuthorize;
  /**
   * The path the routes live under, as the request URL shows it: `'/api'` serves
   * `/api/accounts/{accountId}/integrations/iiko/…` and `/api/openapi.json`. No trailing slash.
   * @default '' (the routes start at `/accounts`)
   * @example '/api/v1'
   */
  basePath?: string;
  /**
   * Decides whether `POST /connect` may contact a server address. The handler connects to the address
   * a user typed, so a host that knows its customers' servers (`*.iiko.it`) should say so: an open
   * handler lets any authorized user make the service call any URL it can reach (SSRF).
   * @default every http: and https: address is allowed
   * @example (url) => url.protocol === 'https:' && url.hostname.endsWith('.iiko.it')
   */
  allowBaseUrl?: (url: URL) => boolean | Promise<boolean>;
  /**
   * Aborts inline syncs in flight, e.g. when the host shuts down: the run stops cleanly, logs the entity
   * it was in as `aborted` and releases its lock and iiko session. A client that goes away does not
   * abort its sync.
   */
  signal?: AbortSignal;
  /**
   * Receives one line per unexpected error (answered `500` with no detail): the error's name, code and
   * message — which, from this SDK, never contain a secret.
   * @default quiet
   */
  logger?: Logger;
  /**
   * The start of every problem's `type` URI. Point it at the host's own error documentation if it has
   * one; the key of {@link PROBLEM_TYPES} is appended.
   * @default 'urn:getinn:iiko-http:problem:'
   * @example 'https://api.example.com/problems/iiko/'
   */
  problemTypeBase?: string;
  /**
   * The largest request body read.
   * @default 65536
   */
  maxBodyBytes?: number;
}

/** The resolved options. Internal. */
export interface HandlerSettings {
  vault: IikoHttpVault;
  sync: IikoHttpSync;
  jobs: IikoHttpJobs | undefined;
  authorize: IikoHttpAuthorize;
  basePath: string;
  allowBaseUrl: ((url: URL) => boolean | Promise<boolean>) | undefined;
  signal: AbortSignal | undefined;
  logger: Logger;
  problemTypeBase: string;
  maxBodyBytes: number;
}
