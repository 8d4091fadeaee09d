import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    // Every run has a real PostgreSQL server: DATABASE_URL's, or a throwaway one started here. An
    // absolute path, because each project resolves relative paths from its own root.
    globalSetup: [fileURLToPath(new URL('./test-support/postgres-global-setup.ts', import.meta.url))],
    // The suite talks to loopback servers and compiles nothing native; a generous timeout keeps a busy
    // two-core CI machine from turning slowness into failures without hiding hangs.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
