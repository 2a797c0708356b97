// Bundles the CLI's hot entry points after the TypeScript build: the kubectl plugins (`kubectl ws`, `kubectl create
// workspace`) and bin/kcpx's lean path. One file loads in about half the time of the ~90 modules it replaces (yaml
// alone is 70 files), and these run dozens of times an hour. Modules only some commands need stay outside the
// bundle, loaded from dist/ when used: the interactive browser (ink, react).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  'dist/src/plugin/kubectl-plugins.bundle': 'dist/src/plugin/kubectl-plugins.js',
  'dist/src/lean.bundle': 'dist/src/lean.js',
};
for (const [out, entry] of Object.entries(entries)) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: `${out}.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Relative to the bundle, which sits beside the module it replaces.
    external: ['*/interactive.js'],
    // CommonJS dependencies (yaml) require node's built-ins.
    banner: { js: "import { createRequire as kcpxCreateRequire } from 'node:module'; const require = kcpxCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
