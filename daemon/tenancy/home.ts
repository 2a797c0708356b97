// Home workspaces (`~`): one logical cluster per user, created on first use, reachable by its id and by the
// `user:<name>` alias. kcp serves them through GET …/workspaces/~ in root, answering with a synthetic Workspace.
import type { KObject } from '../apimachinery/types.js';
import { timestamp } from '../registry/meta.js';
import type { Registry } from '../registry/registry.js';
import type { UserInfo } from '../registry/types.js';
import type { WorkspaceController } from './controller.js';
import type { WorkspaceIndex } from './index.js';
import { homeClusterName } from './names.js';
import { ANN_OWNER, LOGICAL_CLUSTER_NAME, logicalClusterKey } from './resources.js';

export const HOME_PATH = '/apis/tenancy.kcp.io/v1alpha1/workspaces/~';

export function ensureHome(registry: Registry, controller: WorkspaceController, index: WorkspaceIndex, externalURL: string, user: UserInfo): KObject {
  const id = homeClusterName(user.username);
  const path = `user:${user.username}`;
  const store = registry.store;
  let lc = store.get(logicalClusterKey(id));
  if (!lc) {
    const owner = JSON.stringify({ username: user.username, groups: user.groups });
    store.transaction(() => controller.initializeCluster(id, path, 'root:home', owner, { createdBy: { username: user.username, groups: user.groups } }, registry.now()));
    lc = store.get(logicalClusterKey(id))!;
  }
  if (!index.cluster(id)) index.setCluster({ name: id, path, phase: 'Ready', type: 'root:home' });
  return {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: {
      name: LOGICAL_CLUSTER_NAME,
      creationTimestamp: lc.metadata.creationTimestamp ?? timestamp(registry.now()),
      annotations: { [ANN_OWNER]: JSON.stringify({ username: user.username }) },
    },
    spec: { type: { name: 'home', path: 'root' }, cluster: id, URL: `${externalURL}/clusters/${id}` },
    status: { phase: 'Ready', conditions: (lc['status'] as { conditions?: unknown[] } | undefined)?.conditions ?? [] },
  };
}
