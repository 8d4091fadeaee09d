import { packageBuild } from '../../tsup.base';

export default packageBuild({
  index: 'src/index.ts',
  'sqlite/index': 'src/sqlite/index.ts',
  'testing/index': 'src/testing/index.ts',
});
