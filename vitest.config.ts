import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{commands,src,daemon,test}/**/*.test.{ts,tsx}'],
    // e2e suites spawn daemons and kubectl; two cores do not like more than two at once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
