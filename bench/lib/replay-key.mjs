/**
 * The key under which a captured iiko answer is replayed: the request's path and its query without the
 * session `key` (every login gives a new one), parameters sorted.
 */
export function replayKey(url) {
  const parsed = new URL(url, 'http://localhost');
  const params = [...parsed.searchParams]
    .filter(([name]) => name !== 'key')
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  return `${parsed.pathname}?${new URLSearchParams(params)}`;
}
