/**
 * The identity of an iikoServer, computed the way `@getinn/iiko-client` computes it for its per-server
 * queue and sessions: the base URL without a trailing `/resto` (or `/resto/api`) and slashes, origin
 * plus path, lower-cased.
 *
 * This rule belongs in the core (`@getinn/iiko-client` keeps its own copy internal): every adapter that
 * groups work by server needs the same key the client uses.
 *
 * @returns the key, or `undefined` for an address that is not an absolute http(s) URL.
 * @example
 * ```ts
 * serverKeyOf('https://Chain.iiko.it/resto/'); // 'https://chain.iiko.it'
 * ```
 */
export function serverKeyOf(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/resto(\/api)?$/i, '').replace(/\/+$/, '');
  return `${url.origin}${path}`.toLowerCase();
}

/**
 * The graphile-worker queue of a server's sync jobs. graphile-worker runs the jobs of one named queue one
 * at a time across every worker process, which is what keeps one sync per iikoServer in flight (iiko wants
 * requests to one server strictly sequential, and every sync takes a licence slot).
 */
export function queueNameOf(serverKey: string): string {
  return `iiko:${serverKey}`;
}
