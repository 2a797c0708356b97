// bin/kubectl-create-workspace's program: `kubectl create workspace NAME …`, kcp's create command, bundled as
// bin/kubectl-ws's is (scripts/bundle-cli.js).
import { runPlugin } from './main.js';
import { createWorkspaceCommand } from './workspace-commands.js';

void runPlugin(createWorkspaceCommand, 'kubectl create workspace', process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
