/**
 * Where the iiko password comes from, in order of preference: the `IIKO_PASSWORD` variable or
 * `--password-stdin` (neither lands in shell history or the process list), a prompt that does not echo
 * when a terminal is attached, and — with a warning — `--password`.
 */
import type { CliInput, CliIo } from '../io';
import { line } from '../io';
import { CliError, usageError } from '../errors';
import { EXIT_CODES } from '../exit-codes';

/** The warning `--password` earns: the value is in the shell history and in `ps` output for everyone. */
export const PASSWORD_FLAG_WARNING =
  'warning: --password leaves the password in your shell history and in the process list; ' +
  'use IIKO_PASSWORD or --password-stdin instead';

/** Reads the password from standard input: everything up to the first line break. */
export async function readPasswordFromStdin(stdin: CliInput): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (/[\r\n]/.test(text)) break;
  }
  const password = text.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') throw usageError('--password-stdin: standard input held no password');
  return password;
}

/**
 * Asks for the password on the terminal without echoing it (raw mode, nothing written back but the
 * prompt). Ctrl-C stops the command.
 */
export async function promptPassword(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin as CliInput & Partial<NodeJS.ReadStream>;
  if (typeof stdin.setRawMode !== 'function') throw usageError('no password: set IIKO_PASSWORD or use --password-stdin');
  // Echo off before the prompt shows: whatever is typed after seeing it must never reach the screen.
  stdin.setRawMode(true);
  io.stderr.write(prompt);
  try {
    let password = '';
    for await (const chunk of stdin) {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\u0003') throw new CliError('interrupted', EXIT_CODES.interrupted);
        if (char === '\r' || char === '\n' || char === '\u0004') return password;
        if (char === '\u007f' || char === '\b') password = password.slice(0, -1);
        else password += char;
      }
    }
    return password;
  } finally {
    stdin.setRawMode(false);
    stdin.pause?.();
    await line(io.stderr);
  }
}
