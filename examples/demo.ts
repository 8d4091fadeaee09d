/**
 * `pnpm demo`: the SDK end to end in one command, run through the `getinn-iiko` command line
 * (`@getinn/iiko-cli`):
 *
 *     getinn-iiko sync --fake --sqlite .demo/getinn-iiko.sqlite --account demo-account
 *
 * It starts the built-in fake iikoServer on 127.0.0.1 with a clean, realistic chain, seals the login in
 * a credential vault under a key made for the run, syncs the account into an SQLite file with a progress
 * bar, and prints the summary. With IIKO_BASE_URL, IIKO_LOGIN and IIKO_PASSWORD set it syncs that real
 * server instead (in IIKO_CURRENCY, RUB unless set).
 *
 * Run it again to see an idempotent rerun: nothing is created twice, unchanged records are not rewritten.
 * Every flag of `getinn-iiko sync` works here (the last one given wins):
 *
 *     pnpm demo -- --fresh                 start from an empty SQLite file
 *     pnpm demo -- --fake-data-problems    plant the data problems real chains have, to see how they are reported
 *     pnpm demo -- --sqlite other.sqlite --account acc-2
 *     pnpm demo -- --help                  every flag
 */
import { EXIT_CODES, runCli } from '@getinn/iiko-cli';

// pnpm hands a literal `--` through (`pnpm demo -- --fresh` runs `tsx examples/demo.ts -- --fresh`), and
// an argument parser reads everything after `--` as operands: drop it, and let the CLI parse the rest.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();

const real = Boolean(process.env.IIKO_BASE_URL);
const defaults = [
  ...(real ? [] : ['--fake']),
  '--sqlite',
  '.demo/getinn-iiko.sqlite',
  '--account',
  'demo-account',
  ...(real && !process.env.IIKO_CURRENCY ? ['--currency', 'RUB'] : []),
];
const code = await runCli(['sync', ...defaults, ...args]);
if (code === EXIT_CODES.ok || code === EXIT_CODES.partial) {
  console.log('read it back: pnpm tsx examples/read-sqlite-store.ts (with --db FILE for another --sqlite file)');
}
// Planted data problems end the run `partial` on purpose: for the demo that is the expected outcome.
process.exitCode = code === EXIT_CODES.partial && args.includes('--fake-data-problems') ? EXIT_CODES.ok : code;
