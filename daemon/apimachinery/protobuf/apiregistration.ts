// apiregistration.k8s.io/v1 (k8s.io/kube-aggregator pkg/apis/apiregistration/v1/generated.proto): APIService.
import { message, repeated } from './descriptor.js';
import { ObjectMeta, Time } from './meta.js';

export const ServiceReference = message('ServiceReference', {
  1: ['namespace', 'string'],
  2: ['name', 'string'],
  3: ['port', 'int32', 'pointer'],
});

export const APIServiceSpec = message('APIServiceSpec', {
  1: ['service', ServiceReference],
  2: ['group', 'string'],
  3: ['version', 'string'],
  4: ['insecureSkipTLSVerify', 'bool'],
  5: ['caBundle', 'bytes'],
  7: ['groupPriorityMinimum', 'int32', 'always'],
  8: ['versionPriority', 'int32', 'always'],
});

export const APIServiceCondition = message('APIServiceCondition', {
  1: ['type', 'string', 'always'],
  2: ['status', 'string', 'always'],
  3: ['lastTransitionTime', Time],
  4: ['reason', 'string'],
  5: ['message', 'string'],
});

export const APIServiceStatus = message('APIServiceStatus', {
  1: ['conditions', repeated(APIServiceCondition)],
});

export const APIService = message('APIService', {
  1: ['metadata', ObjectMeta],
  2: ['spec', APIServiceSpec],
  3: ['status', APIServiceStatus],
});
