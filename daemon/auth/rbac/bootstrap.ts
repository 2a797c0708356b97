// The RBAC every logical cluster has without storing it: kube's default ClusterRoles/ClusterRoleBindings, trimmed
// to the resources of the generic control plane, plus kcp's. In kcp these live in `system:admin` and are consulted
// from every workspace (bootstrap policy authorizer and the merged role listers); kcpx keeps them in memory instead.
import type { KObject } from '../../apimachinery/types.js';
import { rule, urlRule, type PolicyRule } from './rules.js';
import { GROUP_AUTHENTICATED, GROUP_KCP_ADMIN, GROUP_MASTERS, GROUP_UNAUTHENTICATED } from '../user/names.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const GROUP_WORKSPACE_BOOTSTRAPPER = 'system:kcp:tenancy:workspace-bootstrapper';
export const GROUP_LOGICAL_CLUSTER_ADMIN = 'system:kcp:logical-cluster-admin';

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

export const WORKSPACE_ACCESS_ROLE = 'system:kcp:workspace:access';
export const TENANCY_READER_ROLE = 'system:kcp:tenancy:reader';

/** A ClusterRole as the authorizer reads it. `aggregation` set means the rules are computed from the selected roles. */
export interface ClusterRoleDef {
  name: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  aggregation?: Array<{
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  }>;
}

export interface SubjectDef {
  kind: string;
  name: string;
  /** ServiceAccount subjects only; '' when absent. */
  namespace: string;
}

export interface BindingDef {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  /** '' for ClusterRoleBindings. */
  namespace: string;
  roleRef: { kind: string; name: string };
  subjects: SubjectDef[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const READ_WRITE = [...READ, ...WRITE];
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function role(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): ClusterRoleDef {
  return { name, labels: { ...BOOTSTRAP_LABELS, ...labels }, rules };
}

function aggregated(name: string, selectLabel: string, labels: Record<string, string> = {}): ClusterRoleDef {
  return { name, labels: { ...BOOTSTRAP_LABELS, ...labels }, rules: [], aggregation: [{ matchLabels: { [selectLabel]: 'true' } }] };
}

export const BOOTSTRAP_CLUSTER_ROLES: readonly ClusterRoleDef[] = [
  role('cluster-admin', [rule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
  role('system:discovery', [
    urlRule(
      ['get'],
      ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'],
    ),
  ]),
  role('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  role('system:public-info-viewer', [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])]),
  role('system:monitoring', [urlRule(['get'], ['/metrics', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])]),
  // admin ⊇ edit ⊇ view through label aggregation, exactly as kube ships them, so a CRD author's
  // `aggregate-to-view: "true"` ClusterRole extends all three.
  aggregated('admin', AGGREGATE_TO_ADMIN),
  aggregated('edit', AGGREGATE_TO_EDIT, { [AGGREGATE_TO_ADMIN]: 'true' }),
  aggregated('view', AGGREGATE_TO_VIEW, { [AGGREGATE_TO_EDIT]: 'true' }),
  role(
    'system:aggregate-to-admin',
    [rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), rule(READ_WRITE, [RBAC_GROUP], ['roles', 'rolebindings'])],
    { [AGGREGATE_TO_ADMIN]: 'true' },
  ),
  role(
    'system:aggregate-to-edit',
    [
      // Secrets are readable from edit up, never from view (they escalate: service account tokens).
      rule(READ, [''], ['secrets']),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(WRITE, [''], ['configmaps', 'secrets', 'serviceaccounts', 'events']),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(WRITE, ['events.k8s.io'], ['events']),
      rule(WRITE, ['coordination.k8s.io'], ['leases']),
    ],
    { [AGGREGATE_TO_EDIT]: 'true' },
  ),
  role(
    'system:aggregate-to-view',
    [
      rule(
        READ,
        [''],
        ['configmaps', 'serviceaccounts', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces/status'],
      ),
      // Read on namespaces through a RoleBinding means reading *that* namespace (its name is the request's namespace).
      rule(READ, [''], ['namespaces']),
      rule(READ, ['events.k8s.io'], ['events']),
      rule(READ, ['coordination.k8s.io'], ['leases']),
    ],
    { [AGGREGATE_TO_VIEW]: 'true' },
  ),
  // kcp (kcp:pkg/authorization/bootstrap/policy.go).
  role(WORKSPACE_ACCESS_ROLE, [urlRule(['access'], ['/'])]),
  role(TENANCY_READER_ROLE, [
    rule(READ, ['tenancy.kcp.io'], ['workspaces', 'workspacetypes']),
    rule(READ, ['core.kcp.io'], ['logicalclusters']),
  ]),
  role('system:kcp:metrics-reader', [urlRule(['get'], ['/metrics'])]),
  role(GROUP_WORKSPACE_BOOTSTRAPPER, [rule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
];

function groupBinding(name: string, roleName: string, groups: string[]): BindingDef {
  return {
    kind: 'ClusterRoleBinding',
    name,
    namespace: '',
    roleRef: { kind: 'ClusterRole', name: roleName },
    subjects: groups.map((g) => ({ kind: 'Group', name: g, namespace: '' })),
  };
}

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly BindingDef[] = [
  groupBinding('cluster-admin', 'cluster-admin', [GROUP_MASTERS]),
  groupBinding('system:discovery', 'system:discovery', [GROUP_AUTHENTICATED]),
  groupBinding('system:basic-user', 'system:basic-user', [GROUP_AUTHENTICATED]),
  groupBinding('system:public-info-viewer', 'system:public-info-viewer', [GROUP_AUTHENTICATED, GROUP_UNAUTHENTICATED]),
  groupBinding('system:kcp:admin:cluster-admin', 'cluster-admin', [GROUP_KCP_ADMIN]),
  groupBinding(GROUP_WORKSPACE_BOOTSTRAPPER, GROUP_WORKSPACE_BOOTSTRAPPER, [GROUP_WORKSPACE_BOOTSTRAPPER]),
];

// ---- Objects other parts of kcpx store (they are per-workspace data in kcp, not bootstrap policy) ----

function clusterRoleBindingObject(name: string, roleName: string, subjects: Array<{ kind: 'User' | 'Group'; name: string }>): KObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
    subjects: subjects.map((s) => ({ apiGroup: RBAC_GROUP, kind: s.kind, name: s.name })),
  };
}

/**
 * The ClusterRoleBinding that makes a workspace's creator its admin (kcp's `kcp-tenancy-logicalcluster` controller
 * creates it in every new logical cluster; home workspaces get one for their owner). Without it nobody but
 * privileged users can enter the workspace.
 */
export function workspaceAdminBinding(username: string): KObject {
  return clusterRoleBindingObject('workspace-admin', 'cluster-admin', [{ kind: 'User', name: username }]);
}

/**
 * Bindings kcp stores in the root workspace (kcp:config/root): every authenticated user may enter root and list its
 * workspaces and workspace types.
 */
export function rootClusterRoleBindings(): KObject[] {
  return [
    clusterRoleBindingObject('system:kcp:tenancy:authenticated:access', WORKSPACE_ACCESS_ROLE, [
      { kind: 'Group', name: GROUP_AUTHENTICATED },
    ]),
    clusterRoleBindingObject('system:kcp:authenticated:tenancy:reader', TENANCY_READER_ROLE, [
      { kind: 'Group', name: GROUP_AUTHENTICATED },
    ]),
  ];
}
