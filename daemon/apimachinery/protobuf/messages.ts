// Field numbers of the Kubernetes messages kubectl sends as protobuf (k8s.io/api generated.proto), as
// descriptors that turn a message into the JSON kube would have produced.
export type FieldType =
  | 'string'
  | 'bytes'
  | 'int'
  | 'bool'
  | 'time'
  | { message: string }
  | { map: 'string' | 'bytes' | { message: string } }
  | { repeated: 'string' | { message: string } };

export type Message = Record<number, [name: string, type: FieldType]>;

const m = (message: string) => ({ message });

export const MESSAGES: Record<string, Message> = {
  ObjectMeta: {
    1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 5: ['uid', 'string'], 6: ['resourceVersion', 'string'],
    7: ['generation', 'int'], 8: ['creationTimestamp', 'time'], 9: ['deletionTimestamp', 'time'], 10: ['deletionGracePeriodSeconds', 'int'],
    11: ['labels', { map: 'string' }], 12: ['annotations', { map: 'string' }], 13: ['ownerReferences', { repeated: m('OwnerReference') }],
    14: ['finalizers', { repeated: 'string' }],
  },
  OwnerReference: { 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] },
  ObjectReference: { 1: ['kind', 'string'], 2: ['namespace', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['resourceVersion', 'string'], 7: ['fieldPath', 'string'] },
  LocalObjectReference: { 1: ['name', 'string'] },
  Quantity: { 1: ['string', 'string'] },
  LabelSelector: { 1: ['matchLabels', { map: 'string' }], 2: ['matchExpressions', { repeated: m('LabelSelectorRequirement') }] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', { repeated: 'string' }] },
  ConfigMap: { 1: ['metadata', m('ObjectMeta')], 2: ['data', { map: 'string' }], 3: ['binaryData', { map: 'bytes' }], 4: ['immutable', 'bool'] },
  Secret: { 1: ['metadata', m('ObjectMeta')], 2: ['data', { map: 'bytes' }], 3: ['type', 'string'], 4: ['stringData', { map: 'string' }], 5: ['immutable', 'bool'] },
  Namespace: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('NamespaceSpec')], 3: ['status', m('NamespaceStatus')] },
  NamespaceSpec: { 1: ['finalizers', { repeated: 'string' }] },
  NamespaceStatus: { 1: ['phase', 'string'] },
  ServiceAccount: { 1: ['metadata', m('ObjectMeta')], 2: ['secrets', { repeated: m('ObjectReference') }], 3: ['imagePullSecrets', { repeated: m('LocalObjectReference') }], 4: ['automountServiceAccountToken', 'bool'] },
  ResourceQuota: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('ResourceQuotaSpec')] },
  ResourceQuotaSpec: { 1: ['hard', { map: m('Quantity') }], 2: ['scopes', { repeated: 'string' }] },
  Role: { 1: ['metadata', m('ObjectMeta')], 2: ['rules', { repeated: m('PolicyRule') }] },
  ClusterRole: { 1: ['metadata', m('ObjectMeta')], 2: ['rules', { repeated: m('PolicyRule') }], 3: ['aggregationRule', m('AggregationRule')] },
  AggregationRule: { 1: ['clusterRoleSelectors', { repeated: m('LabelSelector') }] },
  PolicyRule: { 1: ['verbs', { repeated: 'string' }], 2: ['apiGroups', { repeated: 'string' }], 3: ['resources', { repeated: 'string' }], 4: ['resourceNames', { repeated: 'string' }], 5: ['nonResourceURLs', { repeated: 'string' }] },
  RoleBinding: { 1: ['metadata', m('ObjectMeta')], 2: ['subjects', { repeated: m('Subject') }], 3: ['roleRef', m('RoleRef')] },
  ClusterRoleBinding: { 1: ['metadata', m('ObjectMeta')], 2: ['subjects', { repeated: m('Subject') }], 3: ['roleRef', m('RoleRef')] },
  Subject: { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] },
  RoleRef: { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] },
  SelfSubjectAccessReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SelfSubjectAccessReviewSpec')] },
  SelfSubjectAccessReviewSpec: { 1: ['resourceAttributes', m('ResourceAttributes')], 2: ['nonResourceAttributes', m('NonResourceAttributes')] },
  ResourceAttributes: { 1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'], 6: ['subresource', 'string'], 7: ['name', 'string'] },
  NonResourceAttributes: { 1: ['path', 'string'], 2: ['verb', 'string'] },
  SelfSubjectRulesReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SelfSubjectRulesReviewSpec')] },
  SelfSubjectRulesReviewSpec: { 1: ['namespace', 'string'] },
  SubjectAccessReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SubjectAccessReviewSpec')] },
  LocalSubjectAccessReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SubjectAccessReviewSpec')] },
  SubjectAccessReviewSpec: { 1: ['resourceAttributes', m('ResourceAttributes')], 2: ['nonResourceAttributes', m('NonResourceAttributes')], 3: ['user', 'string'], 4: ['groups', { repeated: 'string' }], 6: ['uid', 'string'] },
  SelfSubjectReview: { 1: ['metadata', m('ObjectMeta')] },
  TokenReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('TokenReviewSpec')] },
  TokenReviewSpec: { 1: ['token', 'string'], 2: ['audiences', { repeated: 'string' }] },
  TokenRequest: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('TokenRequestSpec')] },
  TokenRequestSpec: { 1: ['audiences', { repeated: 'string' }], 3: ['boundObjectRef', m('BoundObjectReference')], 4: ['expirationSeconds', 'int'] },
  BoundObjectReference: { 1: ['kind', 'string'], 2: ['apiVersion', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'] },
  Lease: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('LeaseSpec')] },
  LeaseSpec: { 1: ['holderIdentity', 'string'], 2: ['leaseDurationSeconds', 'int'], 5: ['leaseTransitions', 'int'], 6: ['strategy', 'string'], 7: ['preferredHolder', 'string'] },
};
