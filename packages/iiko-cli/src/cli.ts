#!/usr/bin/env node
/**
 * The `getinn-iiko` bin: runs the command line on the process's own streams and exits with its code.
 */
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2));
