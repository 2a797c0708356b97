// flowcontrol.apiserver.k8s.io/v1 (k8s.io/api/flowcontrol/v1/generated.proto; json tags from types.go): FlowSchema,
// PriorityLevelConfiguration.
import { message, repeated } from './descriptor.js';
import { ObjectMeta, Time } from './meta.js';

export const PriorityLevelConfigurationReference = message('PriorityLevelConfigurationReference', {
  1: ['name', 'string', 'always'],
});

export const FlowDistinguisherMethod = message('FlowDistinguisherMethod', {
  1: ['type', 'string', 'always'],
});

export const UserSubject = message('UserSubject', {
  1: ['name', 'string', 'always'],
});

export const GroupSubject = message('GroupSubject', {
  1: ['name', 'string', 'always'],
});

export const ServiceAccountSubject = message('ServiceAccountSubject', {
  1: ['namespace', 'string', 'always'],
  2: ['name', 'string', 'always'],
});

export const Subject = message('Subject', {
  1: ['kind', 'string', 'always'],
  2: ['user', UserSubject],
  3: ['group', GroupSubject],
  4: ['serviceAccount', ServiceAccountSubject],
});

export const ResourcePolicyRule = message('ResourcePolicyRule', {
  1: ['verbs', repeated('string')],
  2: ['apiGroups', repeated('string')],
  3: ['resources', repeated('string')],
  4: ['clusterScope', 'bool'],
  5: ['namespaces', repeated('string')],
});

export const NonResourcePolicyRule = message('NonResourcePolicyRule', {
  1: ['verbs', repeated('string')],
  6: ['nonResourceURLs', repeated('string')],
});

export const PolicyRulesWithSubjects = message('PolicyRulesWithSubjects', {
  1: ['subjects', repeated(Subject)],
  2: ['resourceRules', repeated(ResourcePolicyRule)],
  3: ['nonResourceRules', repeated(NonResourcePolicyRule)],
});

export const FlowSchemaSpec = message('FlowSchemaSpec', {
  1: ['priorityLevelConfiguration', PriorityLevelConfigurationReference],
  2: ['matchingPrecedence', 'int32', 'always'],
  3: ['distinguisherMethod', FlowDistinguisherMethod],
  4: ['rules', repeated(PolicyRulesWithSubjects)],
});

export const FlowSchemaCondition = message('FlowSchemaCondition', {
  1: ['type', 'string'],
  2: ['status', 'string'],
  3: ['lastTransitionTime', Time],
  4: ['reason', 'string'],
  5: ['message', 'string'],
});

export const FlowSchemaStatus = message('FlowSchemaStatus', {
  1: ['conditions', repeated(FlowSchemaCondition)],
});

export const FlowSchema = message('FlowSchema', {
  1: ['metadata', ObjectMeta],
  2: ['spec', FlowSchemaSpec],
  3: ['status', FlowSchemaStatus],
});

export const QueuingConfiguration = message('QueuingConfiguration', {
  1: ['queues', 'int32', 'always'],
  2: ['handSize', 'int32', 'always'],
  3: ['queueLengthLimit', 'int32', 'always'],
});

export const LimitResponse = message('LimitResponse', {
  1: ['type', 'string', 'always'],
  2: ['queuing', QueuingConfiguration],
});

export const LimitedPriorityLevelConfiguration = message('LimitedPriorityLevelConfiguration', {
  1: ['nominalConcurrencyShares', 'int32', 'pointer'],
  2: ['limitResponse', LimitResponse],
  3: ['lendablePercent', 'int32', 'pointer'],
  4: ['borrowingLimitPercent', 'int32', 'pointer'],
});

export const ExemptPriorityLevelConfiguration = message('ExemptPriorityLevelConfiguration', {
  1: ['nominalConcurrencyShares', 'int32', 'pointer'],
  2: ['lendablePercent', 'int32', 'pointer'],
});

export const PriorityLevelConfigurationSpec = message('PriorityLevelConfigurationSpec', {
  1: ['type', 'string', 'always'],
  2: ['limited', LimitedPriorityLevelConfiguration],
  3: ['exempt', ExemptPriorityLevelConfiguration],
});

export const PriorityLevelConfigurationCondition = message('PriorityLevelConfigurationCondition', {
  1: ['type', 'string'],
  2: ['status', 'string'],
  3: ['lastTransitionTime', Time],
  4: ['reason', 'string'],
  5: ['message', 'string'],
});

export const PriorityLevelConfigurationStatus = message('PriorityLevelConfigurationStatus', {
  1: ['conditions', repeated(PriorityLevelConfigurationCondition)],
});

export const PriorityLevelConfiguration = message('PriorityLevelConfiguration', {
  1: ['metadata', ObjectMeta],
  2: ['spec', PriorityLevelConfigurationSpec],
  3: ['status', PriorityLevelConfigurationStatus],
});
