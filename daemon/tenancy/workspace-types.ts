// The WorkspaceTypes `kcpx start` bootstraps into root, with kcp's parent/child rules.
import type { KObject } from '../apimachinery/types.js';

interface TypeSpec {
  name: string;
  extend?: string[];
  defaultChild?: string;
  allowedParents?: string[] | 'none';
  allowedChildren?: string[];
}

const ROOT_TYPES: TypeSpec[] = [
  { name: 'root', extend: ['universal'], defaultChild: 'organization', allowedParents: 'none' },
  { name: 'universal' },
  { name: 'home', extend: ['universal'], allowedParents: 'none' },
  { name: 'organization', extend: ['universal'], allowedParents: ['root'], allowedChildren: ['universal', 'team'] },
  { name: 'team', extend: ['universal'], allowedParents: ['organization', 'team'] },
];

const ref = (name: string) => ({ name, path: 'root' });

export function bootstrapWorkspaceTypes(): KObject[] {
  return ROOT_TYPES.map((t) => {
    const spec: Record<string, unknown> = { defaultChildWorkspaceType: ref(t.defaultChild ?? 'universal') };
    if (t.extend) spec['extend'] = { with: t.extend.map(ref) };
    if (t.allowedParents === 'none') spec['limitAllowedParents'] = { none: true };
    else if (t.allowedParents) spec['limitAllowedParents'] = { types: t.allowedParents.map(ref) };
    if (t.allowedChildren) spec['limitAllowedChildren'] = { types: t.allowedChildren.map(ref) };
    return {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name: t.name, annotations: { 'kcp.io/path': 'root' } },
      spec,
      status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }] },
    };
  });
}

const RBAC = 'rbac.authorization.k8s.io';

/**
 * kcp's root RBAC for the built-in types (kcp:config/root/clusterrole(binding)-workspacetype-use.yaml): every
 * authenticated user may `use` universal, organization and team; root and home are the system's.
 */
export function workspaceTypeUseRBAC(): { clusterRole: KObject; clusterRoleBinding: KObject } {
  const role = 'system:kcp:universal-workspacetype-use';
  return {
    clusterRole: {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: role },
      rules: [
        {
          apiGroups: ['tenancy.kcp.io'],
          resources: ['workspacetypes'],
          resourceNames: ['universal', 'organization', 'team'],
          verbs: ['use'],
        },
      ],
    },
    clusterRoleBinding: {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:kcp:authenticated:universal-workspacetype-use' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'system:authenticated' }],
    },
  };
}
