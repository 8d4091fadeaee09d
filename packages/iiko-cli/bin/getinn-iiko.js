#!/usr/bin/env node
// The package's command (`npx @getinn/iiko-cli check`). It lives outside dist/ so that package managers
// can link it before the package is built, as in this repository's workspace.
import '../dist/cli.js';
