// What bin/kubectl-ws and bin/kubectl-create-workspace load: bundled into one file by scripts/bundle-cli.js.
export { runPlugin } from './main.js';
export { createWorkspaceCommand, workspaceCommand } from './workspace-commands.js';
