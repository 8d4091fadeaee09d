/**
 * `@getinn/iiko-cli`: the `getinn-iiko` command — check an iikoServer login step by step, dump its
 * records (mapped or raw, as table, JSON, NDJSON or CSV), sync an account into SQLite or PostgreSQL with
 * a live progress display, and make or rotate credential keys. A thin layer over `@getinn/iiko-client`,
 * `@getinn/iiko-mappers`, `@getinn/iiko-sync` and `@getinn/credential-crypto`: every rule lives there.
 *
 * `runCli` runs the same command line in-process, with the streams and environment of your choice.
 *
 * @packageDocumentation
 * @module @getinn/iiko-cli
 */
export { runCli } from './run-cli';
export { EXIT_CODES, exitCodeForErrorCode, type ExitCode } from './exit-codes';
export { processIo, type CliInput, type CliIo, type CliOutput } from './io';
