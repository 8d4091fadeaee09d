/**
 * Errors as RFC 9457 problem details (`application/problem+json`): one catalogue of problem types, an
 * internal error class the routes throw, and the function that turns it into a `Response`.
 */
import { jsonHeaders } from './responses';
import type { IikoHttpProblem, IikoHttpProblemField } from './types';

/** The kinds of problem; see {@link PROBLEM_TYPES}. */
export type IikoHttpProblemType =
  | 'invalid-json'
  | 'invalid-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'not-connected'
  | 'job-not-found'
  | 'method-not-allowed'
  | 'sync-in-progress'
  | 'integration-inactive'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'connection-failed'
  | 'base-url-refused'
  | 'internal'
  | 'integration-disabled';

/** What every problem of one kind shares. */
export interface IikoHttpProblemKind {
  /** The HTTP status. */
  readonly status: number;
  /** The problem's `title`: fixed for the kind (RFC 9457 §3.1.3). */
  readonly title: string;
  /** The problem's `code`: a constant to switch on. */
  readonly code: string;
}

/**
 * Every kind of problem the handler answers with: its HTTP status, a fixed title and a constant `code`.
 * A problem's `type` is the handler's `problemTypeBase` followed by the key, e.g.
 * `urn:getinn:iiko-http:problem:sync-in-progress`. The table with when each occurs is in the guide
 * (`docs/iiko-http.md`, "Errors").
 */
export const PROBLEM_TYPES: Readonly<Record<IikoHttpProblemType, IikoHttpProblemKind>> = {
  /** The body could not be parsed as JSON. The parser's message is not repeated: it quotes the input. */
  'invalid-json': { status: 400, title: 'The request body is not valid JSON', code: 'INVALID_JSON' },
  /** A body field, path parameter or query parameter is wrong; `errors` names each (never its value). */
  'invalid-request': { status: 400, title: 'The request is not valid', code: 'INVALID_REQUEST' },
  /** `authorize` found no authenticated user. */
  unauthenticated: { status: 401, title: 'Authentication is required', code: 'UNAUTHENTICATED' },
  /** `authorize` refused this user this action on this account (or the vault's own `authorize` did). */
  forbidden: { status: 403, title: 'This action is not allowed', code: 'FORBIDDEN' },
  /** No route has this path. */
  'not-found': { status: 404, title: 'No such resource', code: 'NOT_FOUND' },
  /** The account has no iiko credentials: `POST /connect` first. */
  'not-connected': { status: 404, title: 'The account has no iiko connection', code: 'NOT_CONNECTED' },
  /** No job of this account has this id (or syncs run inline, without jobs). */
  'job-not-found': { status: 404, title: 'No such sync job', code: 'JOB_NOT_FOUND' },
  /** The path exists, the method does not; `Allow` lists the methods. */
  'method-not-allowed': { status: 405, title: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' },
  /** A sync of the account holds its lock (in this process or another one sharing the store). */
  'sync-in-progress': { status: 409, title: 'A sync of this account is already running', code: 'SYNC_IN_PROGRESS' },
  /** The account's integration is switched off (its credentials are `isActive: false`): it is not synced. */
  'integration-inactive': { status: 409, title: "The account's iiko integration is inactive", code: 'INTEGRATION_INACTIVE' },
  /** The body is larger than `maxBodyBytes`. */
  'payload-too-large': { status: 413, title: 'The request body is too large', code: 'PAYLOAD_TOO_LARGE' },
  /** A body that is not `application/json`. */
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json', code: 'UNSUPPORTED_MEDIA_TYPE' },
  /**
   * `POST /connect`: iikoServer did not accept the login, or could not be reached; `reason` says why
   * (`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, `NETWORK_ERROR`, `HTML_RESPONSE`, …). Nothing was stored.
   */
  'connection-failed': { status: 422, title: 'The iikoServer connection failed', code: 'CONNECTION_FAILED' },
  /** `POST /connect`: the host's `allowBaseUrl` refused the server address. Nothing was contacted or stored. */
  'base-url-refused': { status: 422, title: 'This iikoServer address is not allowed', code: 'BASE_URL_REFUSED' },
  /** Anything unexpected; the details go to the handler's logger, never to the answer. */
  internal: { status: 500, title: 'Internal error', code: 'INTERNAL' },
  /** The iiko integration is switched off for the whole service (the sync's or job engine's `enabled`). */
  'integration-disabled': { status: 503, title: 'The iiko integration is disabled', code: 'INTEGRATION_DISABLED' },
};

/** Extra members and headers of one problem. Internal. */
export interface ProblemExtras {
  detail?: string;
  errors?: IikoHttpProblemField[];
  reason?: string;
  headers?: Record<string, string>;
}

const BRAND = Symbol.for('getinn.iiko-http.problem');

/** A problem a route throws to answer with. Internal: never leaves the handler. */
export class HttpProblem extends Error {
  readonly type: IikoHttpProblemType;
  readonly extras: ProblemExtras;

  constructor(type: IikoHttpProblemType, extras: ProblemExtras = {}) {
    super(extras.detail ?? PROBLEM_TYPES[type].title);
    this.name = 'HttpProblem';
    this.type = type;
    this.extras = extras;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}

/** Whether `value` is an {@link HttpProblem}. Internal. */
export function isHttpProblem(value: unknown): value is HttpProblem {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The `application/problem+json` answer of a problem. Internal. */
export function problemResponse(problem: HttpProblem, typeBase: string, instance: string): Response {
  const kind = PROBLEM_TYPES[problem.type];
  const { detail, errors, reason, headers } = problem.extras;
  const body: IikoHttpProblem = {
    type: `${typeBase}${problem.type}`,
    title: kind.title,
    status: kind.status,
    ...(detail === undefined ? {} : { detail }),
    instance,
    code: kind.code,
    ...(errors === undefined ? {} : { errors }),
    ...(reason === undefined ? {} : { reason }),
  };
  return new Response(JSON.stringify(body), {
    status: kind.status,
    headers: { ...headers, ...jsonHeaders('application/problem+json') },
  });
}
