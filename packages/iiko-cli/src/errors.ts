import { EXIT_CODES, type ExitCode } from './exit-codes';

/**
 * A failure the command reports in one sentence and ends with `exitCode`: a bad command line
 * ({@link EXIT_CODES.usage}), a missing optional package, an unreadable key configuration. Thrown inside
 * the command, caught by `runCli`, never shown with a stack.
 */
export class CliError extends Error {
  /** What the process exits with. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = EXIT_CODES.failure) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A {@link CliError} for a command line that cannot work; exits {@link EXIT_CODES.usage}. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_CODES.usage);
}
