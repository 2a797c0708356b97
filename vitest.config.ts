import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // e2e suites spawn daemons and kubectl; two cores do not like more than two at once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'all',
          include: ['{commands,src,daemon,test}/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'test/fuzz/**'],
        },
      },
      // The fuzz test runs for its time budget against a daemon of its own, beside the e2e suites.
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'] } },
      {
        // The e2e suites again against file-backed daemons (what a plain `kcpx start` runs): a shard on disk commits
        // differently (grouped commits, a checkpoint worker). The CLI suite starts its own daemons, the
        // durability, root-dir and disk-full suites are on disk already, and the real-client suites (Python, helm,
        // kubectl 1.35) test what clients send, not how it is stored.
        extends: true,
        test: {
          name: 'e2e on disk',
          include: ['test/e2e/**/*.test.ts'],
          exclude: [
            'test/e2e/cli.test.ts',
            'test/e2e/kubectl-plugins.test.ts',
            'test/e2e/ws-browser-pty.test.ts',
            'test/e2e/durability.test.ts',
            'test/e2e/root-dir.test.ts',
            'test/e2e/disk-full.test.ts',
            'test/e2e/two-daemons.test.ts',
            'test/e2e/python-client.test.ts',
            'test/e2e/helm.test.ts',
            'test/e2e/kubectl-135.test.ts',
          ],
          env: { KCPX_E2E_STORAGE: 'file' },
        },
      },
    ],
  },
});
