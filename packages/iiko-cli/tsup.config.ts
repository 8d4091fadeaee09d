import { packageBuild } from '../../tsup.base';

// `cli` is the `bin` (bin/getinn-iiko.js imports it); esbuild keeps its `#!/usr/bin/env node` line.
// `@getinn/iiko-postgres` and pg are optional companions for `--database-url`, loaded with dynamic imports:
// never bundled.
export default packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }, { external: ['@getinn/iiko-postgres', 'pg'] });
