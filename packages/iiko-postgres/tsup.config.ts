import { packageBuild } from '../../tsup.base';

// `shims`: the CommonJS build gets an `import.meta.url`, which `migrate` uses to find the SQL files in
// `migrations/` next to `dist/`.
export default packageBuild({ index: 'src/index.ts' }, { shims: true });
