/**
 * The identity of a server for its gate and its sessions: origin plus path, lower-cased, without a
 * trailing slash. Every spelling of one server's base URL (a trailing slash, `/resto`, `/resto/api`)
 * arrives here already normalized, so all of them share one gate queue and one session.
 */
export function serverKeyOf(baseUrl: URL): string {
  return `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}`.toLowerCase();
}
