/**
 * The command line, declared with commander: one program, a subcommand per task, each bound to the
 * function that runs it.
 */
import { Command } from 'commander';
import packageJson from '../package.json';
import { defineCheck, runCheck } from './commands/check';
import { defineDump, runDump } from './commands/dump';
import { defineKeygen, runKeygen } from './commands/keygen';
import { defineRotateKeys, runRotateKeys } from './commands/rotate-keys';
import { defineSync, runSync } from './commands/sync';
import type { ExitCode } from './exit-codes';
import type { CliContext } from './io';

const EXIT_CODE_HELP = `
Exit codes:
  0    done
  1    failure: iiko answered with an error, a store failed, the sync failed
  2    usage: unknown command or option, a missing or invalid value
  3    auth: wrong login or password, or the user lacks a right
  4    licence: every licence slot of the server is taken
  5    network: server unreachable (DNS, refused, timeout), or something else answered
  6    partial: done, but not everything landed (details printed)
  130  interrupted (Ctrl-C)

Environment: IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD, IIKO_CURRENCY, IIKO_TIME_ZONE;
CREDENTIAL_KEYS, CREDENTIAL_PRIMARY_KEY_ID, CREDENTIAL_ENCRYPTION_KEY (rotate-keys).`;

/** Runs a parsed command and returns its exit code. */
type Runner = (command: Command, context: CliContext) => Promise<ExitCode>;

/**
 * The program. Commander never exits the process (`exitOverride`) and writes through the context's
 * streams; the exit code of the command that ran reaches `settle`.
 */
export function createProgram(context: CliContext, settle: (code: ExitCode) => void): Command {
  const { io } = context;
  const program = new Command('getinn-iiko')
    .description("Check an iikoServer login, dump its data, sync it into a store, and manage credential keys.")
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODE_HELP);
  const bind = (command: Command, run: Runner): void => {
    command.action(async () => settle(await run(command, context)));
  };
  bind(defineCheck(program), runCheck);
  bind(defineDump(program), runDump);
  bind(defineSync(program), runSync);
  bind(defineKeygen(program), runKeygen);
  bind(defineRotateKeys(program), runRotateKeys);
  // Without a command, commander prints the help on standard error and fails: runCli makes that a usage
  // error (exit code 2). An action on the program itself would swallow unknown commands as arguments.
  return program;
}
