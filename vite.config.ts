import { defineConfig } from 'vitest/config';

// One config for the renderer build (root: renderer/) and for the test runner.
export default defineConfig({
  root: 'renderer',
  build: { outDir: '../dist/renderer', emptyOutDir: true },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
