// Bundles the CLI's hot programs after the TypeScript build: the kubectl plugins (`kubectl ws`, `kubectl create
// workspace`) and bin/kcpx (whose lean path runs `kcpx status` and `kcpx run -- …`). One file loads in about half the
// time of the ~90 modules it replaces (yaml alone is 70 files), and these run dozens of times an hour. The plugins are
// CommonJS: node then starts them without its ES module loader, and `require` of a built-in does not load the
// whole module (an ES import of node:fs also loads fs/promises, readline and the file watchers): ~15 ms of CPU per
// `kubectl ws` on a 2-core machine. Modules only some commands need stay outside, loaded from dist/ when used: the
// interactive browser (ink, react) and oclif.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Relative to the bundle, which sits beside the module it replaces.
  external: ['*/interactive.js', '@oclif/core'],
  logLevel: 'warning',
};
for (const name of ['kubectl-ws', 'kubectl-create-workspace']) {
  await build({ ...common, entryPoints: [`dist/src/plugin/${name}.js`], outfile: `dist/src/plugin/${name}.cjs`, format: 'cjs' });
}
await build({
  ...common,
  entryPoints: ['dist/src/kcpx.js'],
  outfile: 'dist/src/kcpx.bundle.js',
  format: 'esm',
  // CommonJS dependencies (yaml) require node's built-ins.
  banner: { js: "import { createRequire as kcpxCreateRequire } from 'node:module'; const require = kcpxCreateRequire(import.meta.url);" },
});
