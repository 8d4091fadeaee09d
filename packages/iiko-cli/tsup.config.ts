import { packageBuild } from '../../tsup.base';

// `cli` is the `bin` (bin/getinn-iiko.js imports it); esbuild keeps its `#!/usr/bin/env node` line.
// `@getinn/iiko-postgres` is an optional companion for `--database-url`, loaded with a dynamic import:
// never bundled.
export default packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }, { external: ['@getinn/iiko-postgres'] });
