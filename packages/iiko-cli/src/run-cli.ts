import { CommanderError } from 'commander';
import { isIikoError } from '@getinn/iiko-client';
import { MappingConfigurationError } from '@getinn/iiko-mappers';
import { isIikoSyncError } from '@getinn/iiko-sync';
import { CliError } from './errors';
import { EXIT_CODES, exitCodeForErrorCode, type ExitCode } from './exit-codes';
import { OutputClosedError, line, processIo, type CliIo } from './io';
import { createProgram } from './program';
import { SecretRedactor } from './redactor';

/**
 * Runs `getinn-iiko` with `args` (the arguments after the command's name) and resolves to its exit
 * code; the bin passes `process.argv.slice(2)` and exits with it. Never throws and never exits the
 * process: every failure is printed, one line without a stack and without a secret, and becomes its
 * exit code (see {@link EXIT_CODES}).
 *
 * @param io - the streams and environment to use.
 * @default io `processIo()` — the process's own
 * @example
 * ```ts
 * import { runCli } from '@getinn/iiko-cli';
 * process.exitCode = await runCli(['sync', '--fake', '--sqlite', 'demo.sqlite']);
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const redactor = new SecretRedactor();
  let exitCode: ExitCode = EXIT_CODES.ok;
  const program = createProgram({ io, redactor }, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help, or the version) already.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    if (error instanceof OutputClosedError) return EXIT_CODES.ok;
    const { message, code } = describeFailure(error);
    await line(io.stderr, `getinn-iiko: ${redactor.redact(message)}`);
    return code;
  }
}

/** One line and an exit code for anything a command threw. */
function describeFailure(error: unknown): { message: string; code: ExitCode } {
  if (error instanceof CliError) return { message: error.message, code: error.exitCode };
  if (isIikoError(error)) return { message: `[${error.code}] ${error.message}`, code: exitCodeForErrorCode(error.code) };
  if (isIikoSyncError(error)) return { message: `[${error.code}] ${error.message}`, code: exitCodeForErrorCode(error.code) };
  if (error instanceof MappingConfigurationError) return { message: `--${error.option}: ${error.message}`, code: EXIT_CODES.usage };
  return { message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`, code: EXIT_CODES.failure };
}
