#!/usr/bin/env node
/**
 * The `getinn-iiko` bin: runs the command line on the process's own streams and exits with its code.
 * (A promise chain rather than a top-level await, so the CommonJS build of this entry works too.)
 */
import { runCli } from './run-cli';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
