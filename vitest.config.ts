// The machine running the tests is shared and slow at times: generous default timeouts, so a
// test fails on wrong behaviour, not on a busy CPU. Speed is measured by npm run bench instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
