/**
 * Anything with pino-style methods: `logger.info(object, message)`. pino, bunyan-like loggers and
 * `console` all fit.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const iiko = new IikoClient({ baseUrl, login, password, logger: pino(), logLevel: 'debug' });
 * ```
 */
export interface Logger {
  debug(object: Record<string, unknown>, message?: string): void;
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

/**
 * How much the client says. `debug` logs every request (method, path, status, attempt, duration);
 * `info` logins and logouts; `warn` retries and re-logins; `error` nothing extra (errors are thrown).
 * `silent` says nothing.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const stderrLogger: Logger = {
  debug: (object, message) => console.debug(JSON.stringify({ level: 'debug', msg: message, ...object })),
  info: (object, message) => console.info(JSON.stringify({ level: 'info', msg: message, ...object })),
  warn: (object, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...object })),
  error: (object, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...object })),
};

/**
 * The logger the client writes to: the caller's logger filtered to `level`. Without a logger the client
 * is quiet; with `logLevel` alone it writes JSON lines to the console.
 */
export function levelFilteredLogger(logger: Logger | undefined, level: LogLevel | undefined): Logger {
  const threshold = RANK[level ?? (logger ? 'info' : 'silent')];
  const target = logger ?? stderrLogger;
  const at =
    (name: keyof Logger) =>
    (object: Record<string, unknown>, message?: string): void => {
      if (RANK[name] >= threshold) target[name](object, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
