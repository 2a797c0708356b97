// A new logical cluster's content, written in the transaction that makes it (scheduling, bootstrap, a first home):
// its LogicalCluster object, the default namespaces and its creator's workspace-admin binding.
import type { KObject } from '../apimachinery/types.js';
import { workspaceAdminBinding } from '../auth/rbac/bootstrap.js';
import {
  ANN_OWNER,
  ANN_PATH,
  ANN_REQUIRED_GROUPS,
  ANN_SHARD,
  ANN_TYPE,
  DEFAULT_NAMESPACES,
  LABEL_PHASE,
  LOGICAL_CLUSTER_NAME,
  LOGICAL_CLUSTERS,
  NAMESPACES,
  SHARD_NAME,
} from '../apis/core-kcp/names.js';
import { initializationState, NO_LIFECYCLE, type Lifecycle } from './initialization.js';
import type { TenancyStore } from './tenancy-store.js';

const CLUSTER_ROLE_BINDINGS = 'rbac.authorization.k8s.io/clusterrolebindings';

export interface NewLogicalCluster {
  cluster: string;
  path: string;
  /** `path:name` of its WorkspaceType. */
  type: string;
  /** The owner annotation (JSON of the creating user). */
  owner: string | undefined;
  spec: Record<string, unknown>;
  /** The daemon's address, for status.URL. */
  externalURL: string;
  lifecycle?: Lifecycle;
  requiredGroups?: string | undefined;
}

function ownerName(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  try {
    return (JSON.parse(owner) as { username?: string }).username;
  } catch {
    return undefined;
  }
}

export function createLogicalCluster(store: TenancyStore, c: NewLogicalCluster, now: Date): void {
  const lifecycle = c.lifecycle ?? NO_LIFECYCLE;
  const annotations: Record<string, string> = { [ANN_PATH]: c.path, [ANN_TYPE]: c.type, [ANN_SHARD]: SHARD_NAME };
  if (c.owner) annotations[ANN_OWNER] = c.owner;
  // kcp's scheduler copies the Workspace's required groups to its LogicalCluster, where the authorizer reads them.
  if (c.requiredGroups !== undefined) annotations[ANN_REQUIRED_GROUPS] = c.requiredGroups;
  const { phase, condition } = initializationState(lifecycle.initializers, now);
  // kcp copies spec.initializers/terminators to status, from where controllers remove their ids.
  const ids = {
    ...(lifecycle.initializers.length ? { initializers: lifecycle.initializers } : {}),
    ...(lifecycle.terminators.length ? { terminators: lifecycle.terminators } : {}),
  };
  const lc: KObject = {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: LOGICAL_CLUSTER_NAME, annotations, labels: { [LABEL_PHASE]: phase } },
    spec: { ...c.spec, ...ids },
    status: { URL: `${c.externalURL}/clusters/${c.cluster}`, phase, conditions: [condition], ...ids },
  };
  store.create(c.cluster, LOGICAL_CLUSTERS, lc, now);
  for (const ns of DEFAULT_NAMESPACES)
    store.create(c.cluster, NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, now);
  // The creator administers what they created (kcp's workspace-admin binding).
  const creator = ownerName(c.owner);
  if (creator && !creator.startsWith('system:') && store.serves(CLUSTER_ROLE_BINDINGS))
    store.create(c.cluster, CLUSTER_ROLE_BINDINGS, workspaceAdminBinding(creator), now);
}
