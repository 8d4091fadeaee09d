/**
 * The test projects of the monorepo: one per package, each resolving the workspace's packages to their
 * `src/` so the suite needs no build (the packaging check tests the built artifacts separately).
 */
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Workspace package names mapped to their source entry points (the same map as tsconfig.json `paths`). */
export const sourceAliases = [
  { find: /^@getinn\/iiko-client\/testing\/msw$/, replacement: fromRoot('./packages/iiko-client/src/testing/msw.ts') },
  { find: '@getinn/iiko-client/testing', replacement: fromRoot('./packages/iiko-client/src/testing/index.ts') },
  { find: /^@getinn\/iiko-client$/, replacement: fromRoot('./packages/iiko-client/src/index.ts') },
  { find: /^@getinn\/iiko-mappers$/, replacement: fromRoot('./packages/iiko-mappers/src/index.ts') },
  { find: /^@getinn\/credential-crypto$/, replacement: fromRoot('./packages/credential-crypto/src/index.ts') },
  { find: /^@getinn\/iiko-sync\/sqlite$/, replacement: fromRoot('./packages/iiko-sync/src/sqlite/index.ts') },
  { find: /^@getinn\/iiko-sync\/testing$/, replacement: fromRoot('./packages/iiko-sync/src/testing/index.ts') },
  { find: /^@getinn\/iiko-sync$/, replacement: fromRoot('./packages/iiko-sync/src/index.ts') },
  { find: /^@getinn\/iiko-postgres$/, replacement: fromRoot('./packages/iiko-postgres/src/index.ts') },
  { find: /^@getinn\/iiko-jobs$/, replacement: fromRoot('./packages/iiko-jobs/src/index.ts') },
  { find: /^@getinn\/iiko-http$/, replacement: fromRoot('./packages/iiko-http/src/index.ts') },
  { find: /^@getinn\/iiko-cli$/, replacement: fromRoot('./packages/iiko-cli/src/index.ts') },
];

const packageProject = (name: string): TestProjectInlineConfiguration => ({
  // Inherit the root config's options (timeouts) in every project.
  extends: true,
  resolve: { alias: sourceAliases },
  test: {
    name,
    root: fromRoot(`./packages/${name}`),
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});

export default [
  packageProject('iiko-client'),
  packageProject('iiko-mappers'),
  packageProject('credential-crypto'),
  packageProject('iiko-sync'),
  packageProject('iiko-postgres'),
  packageProject('iiko-jobs'),
  packageProject('iiko-http'),
  packageProject('iiko-cli'),
  {
    // The repository's own test support (the PostgreSQL server of a run, snippet checks).
    extends: true,
    resolve: { alias: sourceAliases },
    test: { name: 'repo', root: fromRoot('./test-support'), include: ['**/*.test.ts'], environment: 'node' },
  },
  {
    extends: true,
    resolve: { alias: sourceAliases },
    test: { name: 'examples', root: fromRoot('./examples'), include: ['test/**/*.test.ts'], environment: 'node' },
  },
] satisfies TestProjectInlineConfiguration[];
