/**
 * `createIikoHttpHandler`: the routes on the web platform's `Request` → `Response`, so they mount in
 * Hono, Express, Fastify or `node:http` without depending on any of them.
 */
import type { Logger } from '@getinn/iiko-sync';
import { DEFAULTS } from './constants';
import type { RouteContext } from './context';
import { createIikoOpenApiDocument, type OpenApiDocument } from './openapi';
import type { HandlerSettings, IikoHttpAction, IikoHttpHandlerOptions } from './options';
import { HttpProblem, isHttpProblem, problemResponse } from './problems';
import { jsonResponse } from './responses';
import { matchRoute } from './router';
import { parseWith } from './body';
import { AccountIdSchema } from './schemas';

/** The handler: one `Request` in, one `Response` out. It never throws. */
export type IikoHttpHandler = (request: Request) => Promise<Response>;

/** How a refusal's default detail names each action. */
const ACTION_PHRASES: Record<IikoHttpAction, string> = {
  connect: 'connect the iiko integration',
  disconnect: 'disconnect the iiko integration',
  status: 'read the iiko status',
  sync: 'sync the iiko data',
  logs: 'read the iiko sync log',
  job: 'read the iiko sync jobs',
};

const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Creates the handler of an account's iiko integration — under `{basePath}/accounts/{accountId}/integrations/iiko`:
 * `POST /connect`, `DELETE /connect`, `GET /status`, `POST /sync/{entityType}`, `GET /logs`,
 * `GET /jobs/{jobId}`; and `GET {basePath}/openapi.json`.
 *
 * Every account route first asks the host's `authorize` (a refusal is a `401` or `403` before the body
 * is even read), then validates its parameters and body with zod, then acts, passing the user as the
 * actor of every vault call. Errors are RFC 9457 `application/problem+json`; no answer ever contains a
 * password, hash, token or key.
 *
 * @example
 * ```ts
 * const iikoHttp = createIikoHttpHandler({
 *   vault,
 *   sync: createIikoSync({ store, credentials: vault, currency: 'RUB' }),
 *   authorize: async ({ request, accountId }) => {
 *     const user = await userOf(request);
 *     if (!user) return { status: 401 };
 *     return user.accounts.includes(accountId) ? { actor: `user:${user.id}` } : { status: 403 };
 *   },
 *   basePath: '/api',
 * });
 * // Hono:    app.all('/api/*', (c) => iikoHttp(c.req.raw));
 * // node:    createServer(getRequestListener(iikoHttp))   (from @hono/node-server)
 * ```
 */
export function createIikoHttpHandler(options: IikoHttpHandlerOptions): IikoHttpHandler {
  const settings = resolveSettings(options);
  let openApi: OpenApiDocument | undefined;

  return async function handleIikoRequest(request) {
    let instance = '/';
    try {
      const url = new URL(request.url);
      instance = url.pathname;
      const match = matchRoute(request.method, url.pathname, settings.basePath);
      switch (match.kind) {
        case 'none':
          throw new HttpProblem('not-found', { detail: 'No iiko route has this path.' });
        case 'method-not-allowed':
          throw new HttpProblem('method-not-allowed', { detail: `Use ${match.allow.join(' or ')}.`, headers: { allow: match.allow.join(', ') } });
        case 'openapi':
          openApi ??= createIikoOpenApiDocument({ basePath: settings.basePath });
          return jsonResponse(200, openApi);
        case 'route': {
          const actor = await authorized(request, match.accountId, match.route.action);
          const context: RouteContext = {
            request,
            url,
            accountId: parseWith(AccountIdSchema, match.accountId, 'path'),
            actor,
            params: match.params,
            settings,
          };
          return await match.route.handle(context);
        }
      }
    } catch (error) {
      return problemResponse(problemOf(error, settings.logger, request.method, instance), settings.problemTypeBase, instance);
    }
  };

  /** The actor `authorize` grants, or the refusal as a problem. Fails closed on anything unexpected. */
  async function authorized(request: Request, accountId: string, action: IikoHttpAction): Promise<string> {
    const answer: unknown = await settings.authorize({ request, accountId, action });
    const actor = (answer as { actor?: unknown } | null)?.actor;
    if (typeof actor === 'string' && actor !== '') return actor;
    const refusal = (answer ?? {}) as { status?: unknown; detail?: unknown; headers?: unknown };
    const headers = isStringRecord(refusal.headers) ? refusal.headers : undefined;
    const detail = typeof refusal.detail === 'string' ? refusal.detail : undefined;
    if (refusal.status === 401) {
      throw new HttpProblem('unauthenticated', { detail: detail ?? 'Sign in to use the iiko integration.', ...(headers ? { headers } : {}) });
    }
    throw new HttpProblem('forbidden', { detail: detail ?? `You may not ${ACTION_PHRASES[action]} of this account.`, ...(headers ? { headers } : {}) });
  }
}

/**
 * The problem an error is answered with. The SDK's errors map by their stable `code` (so they match
 * across duplicated package copies, and a host's job engine can use the same codes); anything else is a
 * `500` whose details go to the logger only.
 */
function problemOf(error: unknown, logger: Logger, method: string, path: string): HttpProblem {
  if (isHttpProblem(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : undefined;
  switch (code) {
    case 'SYNC_IN_PROGRESS':
      return new HttpProblem('sync-in-progress', { detail: 'A sync of this account is already running; it brings the account up to date. Try again when it has finished.' });
    case 'CREDENTIALS_NOT_FOUND':
      return new HttpProblem('not-connected', { detail: 'The account has no iiko credentials; connect it first (POST …/connect).' });
    case 'NO_SERVER': // the job engine's: the stored credentials name no usable server
      return new HttpProblem('not-connected', { detail: 'The stored iiko credentials name no server address; connect again with baseUrl.' });
    case 'INTEGRATION_INACTIVE':
      return new HttpProblem('integration-inactive', { detail: "The account's iiko integration is switched off (isActive: false); it is not synced." });
    case 'INTEGRATION_DISABLED':
      return new HttpProblem('integration-disabled', { detail: 'The iiko integration is switched off for this service; nothing was sent to iiko.' });
    case 'INVALID_CONFIGURATION': // the sync's own checks of a request (its messages name options, never secrets)
    case 'CREDENTIAL_VALIDATION': // the vault's (its messages name fields, never values)
    case 'INVALID_OPTIONS': // the job engine's (its messages name options, never secrets)
      return new HttpProblem('invalid-request', message === undefined ? {} : { detail: message });
    case 'AUTHORIZATION_DENIED': // the vault's own authorize hook refused the actor
      return new HttpProblem('forbidden', { detail: 'The credential vault refused this action for this account.' });
    default:
      logger.error(
        {
          method,
          path,
          error: { name: error instanceof Error ? error.name : typeof error, ...(typeof code === 'string' ? { code } : {}), message },
        },
        'iiko-http: unexpected error',
      );
      return new HttpProblem('internal');
  }
}

function resolveSettings(options: IikoHttpHandlerOptions): HandlerSettings {
  const basePath = options.basePath ?? '';
  if (typeof basePath !== 'string' || (basePath !== '' && (!basePath.startsWith('/') || basePath.endsWith('/')))) {
    throw new TypeError(`basePath must be '' or start with "/" and not end with one (got ${JSON.stringify(basePath)})`);
  }
  for (const name of ['vault', 'sync', 'authorize'] as const) {
    if (options[name] === undefined || options[name] === null) throw new TypeError(`createIikoHttpHandler needs ${name}`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError(`maxBodyBytes must be a positive whole number (got ${String(maxBodyBytes)})`);
  return {
    vault: options.vault,
    sync: options.sync,
    jobs: options.jobs,
    authorize: options.authorize,
    basePath,
    allowBaseUrl: options.allowBaseUrl,
    signal: options.signal,
    logger: options.logger ?? quietLogger,
    problemTypeBase: options.problemTypeBase ?? DEFAULTS.problemTypeBase,
    maxBodyBytes,
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'string');
}
