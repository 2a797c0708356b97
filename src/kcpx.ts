// bin/kcpx's program. `kcpx status` and `kcpx run -- …`, typed plainly, take the lean path (src/lean.ts) that does not
// load oclif; anything else goes to oclif (commands in dist/commands), which owns the rest of the command line.
// Bundled with the lean path into one file by scripts/bundle-cli.js; oclif stays outside, loaded when needed.
import { leanCommand, runLean } from './lean.js';

const lean = leanCommand(process.argv.slice(2));
if (lean) {
  process.exitCode = await runLean(lean);
} else {
  const { execute, settings } = await import('@oclif/core');
  // Always the build in dist/: under NODE_ENV=test or development oclif would look for TypeScript sources instead.
  settings.enableAutoTranspile = false;
  await execute({ dir: import.meta.url });
}
