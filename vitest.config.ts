import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace';

export default defineConfig({
  test: {
    projects,
    // The suite talks to loopback servers and compiles nothing native; a generous timeout keeps a busy
    // two-core CI machine from turning slowness into failures without hiding hangs.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
