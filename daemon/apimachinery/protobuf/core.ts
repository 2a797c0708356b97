// core/v1 kinds kubectl creates with protobuf bodies (k8s.io/api/core/v1/generated.proto).
import { message, mapOf, repeated } from './descriptor.js';
import { MicroTime, ObjectMeta, Quantity, Time } from './meta.js';

export const ObjectReference = message('ObjectReference', {
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['fieldPath', 'string'],
});

export const LocalObjectReference = message('LocalObjectReference', { 1: ['name', 'string'] });

export const NamespaceCondition = message('NamespaceCondition', {
  1: ['type', 'string', 'always'],
  2: ['status', 'string', 'always'],
  4: ['lastTransitionTime', Time],
  5: ['reason', 'string'],
  6: ['message', 'string'],
});

export const Namespace = message('Namespace', {
  1: ['metadata', ObjectMeta],
  2: ['spec', message('NamespaceSpec', { 1: ['finalizers', repeated('string')] })],
  3: ['status', message('NamespaceStatus', { 1: ['phase', 'string'], 2: ['conditions', repeated(NamespaceCondition)] })],
});

export const ConfigMap = message(
  'ConfigMap',
  {
    1: ['metadata', ObjectMeta],
    2: ['data', mapOf('string')],
    3: ['binaryData', mapOf('bytes')],
    4: ['immutable', 'bool', 'pointer'],
  },
  [1, 4, 2, 3],
);

export const Secret = message(
  'Secret',
  {
    1: ['metadata', ObjectMeta],
    2: ['data', mapOf('bytes')],
    3: ['type', 'string'],
    4: ['stringData', mapOf('string')],
    5: ['immutable', 'bool', 'pointer'],
  },
  [1, 5, 2, 4, 3],
);

export const ServiceAccount = message('ServiceAccount', {
  1: ['metadata', ObjectMeta],
  2: ['secrets', repeated(ObjectReference)],
  3: ['imagePullSecrets', repeated(LocalObjectReference)],
  4: ['automountServiceAccountToken', 'bool', 'pointer'],
});

export const ScopedResourceSelectorRequirement = message('ScopedResourceSelectorRequirement', {
  1: ['scopeName', 'string', 'always'],
  2: ['operator', 'string', 'always'],
  3: ['values', repeated('string')],
});

export const ResourceQuota = message('ResourceQuota', {
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('ResourceQuotaSpec', {
      1: ['hard', mapOf(Quantity)],
      2: ['scopes', repeated('string')],
      3: ['scopeSelector', message('ScopeSelector', { 1: ['matchExpressions', repeated(ScopedResourceSelectorRequirement)] })],
    }),
  ],
  3: ['status', message('ResourceQuotaStatus', { 1: ['hard', mapOf(Quantity)], 2: ['used', mapOf(Quantity)] })],
});

export const Event = message('Event', {
  1: ['metadata', ObjectMeta],
  2: ['involvedObject', ObjectReference],
  3: ['reason', 'string'],
  4: ['message', 'string'],
  5: ['source', message('EventSource', { 1: ['component', 'string'], 2: ['host', 'string'] })],
  6: ['firstTimestamp', Time],
  7: ['lastTimestamp', Time],
  8: ['count', 'int32'],
  9: ['type', 'string'],
  10: ['eventTime', MicroTime],
  11: ['series', message('EventSeries', { 1: ['count', 'int32'], 2: ['lastObservedTime', MicroTime] })],
  12: ['action', 'string'],
  13: ['related', ObjectReference],
  14: ['reportingComponent', 'string', 'always'],
  15: ['reportingInstance', 'string', 'always'],
});
