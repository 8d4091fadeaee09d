import { packageBuild } from '../../tsup.base';

// `shims`: the CommonJS build gets an `import.meta.url`, from which the SQLite store's write worker
// resolves better-sqlite3 (src/sqlite/write-worker.ts).
export default packageBuild(
  {
    index: 'src/index.ts',
    'sqlite/index': 'src/sqlite/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  { shims: true },
);
