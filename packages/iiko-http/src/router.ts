/** Finding the route of a request path. Internal. */
import { ROUTES, type RouteSpec } from './routes/index';

/** What a request path and method came to. */
export type RouteMatch =
  | { kind: 'route'; route: RouteSpec; accountId: string; params: Record<string, string> }
  | { kind: 'openapi' }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'none' };

/** The account routes' fixed segments: `/accounts/{accountId}/integrations/iiko`. */
const PREFIX_LENGTH = 5;

/**
 * Matches `pathname` below `basePath`. Segments are percent-decoded one by one, so an account id may
 * contain any character (`/accounts/a%2Fb/…` is account `a/b`); a malformed escape matches nothing.
 */
export function matchRoute(method: string, pathname: string, basePath: string): RouteMatch {
  if (basePath !== '' && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return { kind: 'none' };
  const rest = pathname.slice(basePath.length);
  if (rest === '/openapi.json') return method === 'GET' || method === 'HEAD' ? { kind: 'openapi' } : { kind: 'method-not-allowed', allow: ['GET', 'HEAD'] };
  let segments: string[];
  try {
    segments = rest.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { kind: 'none' };
  }
  const [accounts, accountId, integrations, iiko, ...tail] = segments;
  if (accounts !== 'accounts' || !accountId || integrations !== 'integrations' || iiko !== 'iiko' || segments.length <= PREFIX_LENGTH - 1) {
    return { kind: 'none' };
  }
  const allow: string[] = [];
  for (const route of ROUTES) {
    const params = matchTail(route.path, tail);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'route', route, accountId, params };
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'none' };
}

/** The parameters of `template` (`/sync/{entityType}`) in `segments`, or `undefined` when it does not match. */
function matchTail(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name !== undefined) {
      if (segment === '') return undefined;
      params[name] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
