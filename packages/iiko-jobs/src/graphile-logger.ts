import type { Logger } from '@getinn/iiko-sync';
import { Logger as GraphileLogger } from 'graphile-worker';

/**
 * graphile-worker's logger writing into the host's pino-style logger, one JSON field per scope value.
 * graphile-worker logs a failed attempt with the error's message, which here is a code and a secret-free
 * sentence. Internal.
 */
export function graphileLoggerFor(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields: Record<string, unknown> = { component: 'graphile-worker', ...scope };
    if (meta !== undefined) {
      for (const [key, value] of Object.entries(meta)) {
        // Errors become their message: graphile-worker's meta may carry the thrown error itself.
        fields[key] = value instanceof Error ? value.message : value;
      }
    }
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    logger[method](fields, message);
  });
}
