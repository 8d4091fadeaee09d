import { packageBuild } from '../../tsup.base';

// `cli` is the `bin` (`npx @getinn/credential-crypto keygen`); esbuild keeps its `#!/usr/bin/env node`
// line and tsup marks the file executable.
export default packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' });
