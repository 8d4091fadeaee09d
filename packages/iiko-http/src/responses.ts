/** JSON answers. Internal. */

/**
 * Headers of every JSON answer: the answers describe one account's integration, so no cache keeps them
 * (`no-store`), and `nosniff` keeps a browser from reading them as anything but JSON.
 */
export function jsonHeaders(contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
}

/** A JSON answer. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...headers, ...jsonHeaders() } });
}

/** An answer without a body (`204`). */
export function emptyResponse(status: number): Response {
  return new Response(null, { status, headers: { 'cache-control': 'no-store' } });
}
