/**
 * Where the command reads and writes. `runCli` takes one, so the demo and tests run the same code as
 * the bin with their own streams and environment.
 */

/** A stream the command writes to; `isTTY` decides between a progress bar and plain lines. */
export interface CliOutput {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off?(event: 'drain' | 'close', listener: () => void): unknown;
  /** `true` once the reader went away (`getinn-iiko dump … | head`). */
  readonly destroyed?: boolean;
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

/** The command's input: read by `--password-stdin`. */
export interface CliInput extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean;
}

/** The streams and environment of one run of the command. */
export interface CliIo {
  /** Results: tables, records, the sync summary. */
  readonly stdout: CliOutput;
  /** Everything else: progress, warnings, errors, where a fake server listens. */
  readonly stderr: CliOutput;
  readonly stdin: CliInput;
  /** Read for `IIKO_*` and `CREDENTIAL_*` variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

let pipeErrorsHandled = false;

/**
 * The process's own streams and environment. A reader that goes away (`| head`) is not a crash: the
 * stream's `EPIPE` is swallowed here, and the command's next write ends it, with exit code 0, after the
 * iiko session is logged out — so no licence slot is left held.
 */
export function processIo(): CliIo {
  if (!pipeErrorsHandled) {
    pipeErrorsHandled = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Thrown by {@link write} when the reader of the output went away; the command ends with exit code 0. */
export class OutputClosedError extends Error {
  constructor() {
    super('the output was closed by its reader');
    this.name = 'OutputClosedError';
  }
}

/**
 * Writes `text` and waits while the stream's buffer is full, so a large export never piles up in memory.
 *
 * @throws OutputClosedError when the stream's reader went away.
 */
export function write(stream: CliOutput, text: string): Promise<void> | void {
  if (stream.destroyed === true) throw new OutputClosedError();
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    const drained = (): void => {
      stream.off?.('close', closed);
      resolve();
    };
    const closed = (): void => {
      stream.off?.('drain', drained);
      reject(new OutputClosedError());
    };
    stream.once('drain', drained);
    stream.once('close', closed);
  });
}

/** Writes a line (a newline is added). */
export function line(stream: CliOutput, text = ''): Promise<void> | void {
  return write(stream, `${text}\n`);
}

/** What every command runs with: the streams and the secrets to keep out of them. */
export interface CliContext {
  readonly io: CliIo;
  readonly redactor: import('./redactor').SecretRedactor;
}
