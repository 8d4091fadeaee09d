/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Returns milliseconds
 * to wait, capped at `capMs`, or `undefined` when the header is absent or unreadable.
 */
export function retryAfterMs(header: string | null, capMs: number, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  let delay: number;
  if (/^\d+$/.test(value)) {
    delay = Number(value) * 1_000;
  } else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return undefined;
    delay = date - now;
  }
  return Math.min(Math.max(delay, 0), capMs);
}
