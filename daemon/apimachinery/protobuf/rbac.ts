// rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1/generated.proto): kubectl create role|clusterrole|rolebinding|
// clusterrolebinding.
import { message, repeated } from './descriptor.js';
import { LabelSelector, ObjectMeta } from './meta.js';

export const PolicyRule = message('PolicyRule', {
  1: ['verbs', repeated('string')],
  2: ['apiGroups', repeated('string')],
  3: ['resources', repeated('string')],
  4: ['resourceNames', repeated('string')],
  5: ['nonResourceURLs', repeated('string')],
});

export const Subject = message('Subject', {
  1: ['kind', 'string', 'always'],
  2: ['apiGroup', 'string'],
  3: ['name', 'string', 'always'],
  4: ['namespace', 'string'],
});

export const RoleRef = message('RoleRef', {
  1: ['apiGroup', 'string', 'always'],
  2: ['kind', 'string', 'always'],
  3: ['name', 'string', 'always'],
});

export const Role = message('Role', { 1: ['metadata', ObjectMeta], 2: ['rules', repeated(PolicyRule)] });

export const ClusterRole = message('ClusterRole', {
  1: ['metadata', ObjectMeta],
  2: ['rules', repeated(PolicyRule)],
  3: ['aggregationRule', message('AggregationRule', { 1: ['clusterRoleSelectors', repeated(LabelSelector)] })],
});

export const RoleBinding = message('RoleBinding', {
  1: ['metadata', ObjectMeta],
  2: ['subjects', repeated(Subject)],
  3: ['roleRef', RoleRef],
});

export const ClusterRoleBinding = message('ClusterRoleBinding', {
  1: ['metadata', ObjectMeta],
  2: ['subjects', repeated(Subject)],
  3: ['roleRef', RoleRef],
});
