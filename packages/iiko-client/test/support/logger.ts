/** A pino-style logger that records every call, for assertions on what the client logs. */
import type { Logger, LogLevel } from '@getinn/iiko-client';

export interface LogLine {
  readonly level: Exclude<LogLevel, 'silent'>;
  readonly object: Record<string, unknown>;
  readonly message: string | undefined;
}

export interface RecordingLogger {
  readonly logger: Logger;
  readonly lines: LogLine[];
  /** Every line as JSON text, one per line: what a log shipper would store. */
  text(): string;
  /** The debug lines of single HTTP requests. */
  requestLines(): LogLine[];
}

export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (object: Record<string, unknown>, message?: string): void => {
      lines.push({ level, object, message });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    text: () => lines.map((line) => JSON.stringify({ level: line.level, msg: line.message, ...line.object })).join('\n'),
    requestLines: () => lines.filter((line) => line.level === 'debug' && line.message === 'iiko request'),
  };
}
