// bin/kubectl-ws's program: `kubectl ws …`, kcp's workspace command. Bundled into one CommonJS file by
// scripts/bundle-cli.js: node loads it without its ES module loader, and with only the modules the command needs.
import { runPlugin } from './main.js';
import { workspaceCommand } from './workspace-commands.js';

void runPlugin(workspaceCommand, 'kubectl ws', process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
