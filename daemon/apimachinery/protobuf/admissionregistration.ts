// admissionregistration.k8s.io/v1 (k8s.io/api/admissionregistration/v1/generated.proto; json tags from types.go):
// webhook configurations, ValidatingAdmissionPolicy and its bindings. RuleWithOperations embeds Rule, and
// NamedRuleWithOperations embeds RuleWithOperations: nested messages on the wire, inlined in JSON.
import { message, repeated } from './descriptor.js';
import { Condition, LabelSelector, ObjectMeta } from './meta.js';

export const ServiceReference = message('ServiceReference', {
  1: ['namespace', 'string', 'always'],
  2: ['name', 'string', 'always'],
  3: ['path', 'string', 'pointer'],
  4: ['port', 'int32', 'pointer'],
});

export const WebhookClientConfig = message(
  'WebhookClientConfig',
  {
    3: ['url', 'string', 'pointer'],
    1: ['service', ServiceReference],
    2: ['caBundle', 'bytes'],
  },
  [3, 1, 2],
);

export const Rule = message('Rule', {
  1: ['apiGroups', repeated('string')],
  2: ['apiVersions', repeated('string')],
  3: ['resources', repeated('string')],
  4: ['scope', 'string', 'pointer'],
});

export const RuleWithOperations = message('RuleWithOperations', {
  1: ['operations', repeated('string')],
  2: ['', Rule],
});

export const MatchCondition = message('MatchCondition', {
  1: ['name', 'string', 'always'],
  2: ['expression', 'string', 'always'],
});

export const ValidatingWebhook = message(
  'ValidatingWebhook',
  {
    1: ['name', 'string', 'always'],
    2: ['clientConfig', WebhookClientConfig],
    3: ['rules', repeated(RuleWithOperations)],
    4: ['failurePolicy', 'string', 'pointer'],
    9: ['matchPolicy', 'string', 'pointer'],
    5: ['namespaceSelector', LabelSelector],
    10: ['objectSelector', LabelSelector],
    6: ['sideEffects', 'string', 'pointer'],
    7: ['timeoutSeconds', 'int32', 'pointer'],
    8: ['admissionReviewVersions', repeated('string')],
    11: ['matchConditions', repeated(MatchCondition)],
  },
  [1, 2, 3, 4, 9, 5, 10, 6, 7, 8, 11],
);

export const ValidatingWebhookConfiguration = message('ValidatingWebhookConfiguration', {
  1: ['metadata', ObjectMeta],
  2: ['webhooks', repeated(ValidatingWebhook)],
});

export const MutatingWebhook = message(
  'MutatingWebhook',
  {
    1: ['name', 'string', 'always'],
    2: ['clientConfig', WebhookClientConfig],
    3: ['rules', repeated(RuleWithOperations)],
    4: ['failurePolicy', 'string', 'pointer'],
    9: ['matchPolicy', 'string', 'pointer'],
    5: ['namespaceSelector', LabelSelector],
    11: ['objectSelector', LabelSelector],
    6: ['sideEffects', 'string', 'pointer'],
    7: ['timeoutSeconds', 'int32', 'pointer'],
    8: ['admissionReviewVersions', repeated('string')],
    10: ['reinvocationPolicy', 'string', 'pointer'],
    12: ['matchConditions', repeated(MatchCondition)],
  },
  [1, 2, 3, 4, 9, 5, 11, 6, 7, 8, 10, 12],
);

export const MutatingWebhookConfiguration = message('MutatingWebhookConfiguration', {
  1: ['metadata', ObjectMeta],
  2: ['webhooks', repeated(MutatingWebhook)],
});

export const ParamKind = message('ParamKind', {
  1: ['apiVersion', 'string'],
  2: ['kind', 'string'],
});

export const NamedRuleWithOperations = message('NamedRuleWithOperations', {
  1: ['resourceNames', repeated('string')],
  2: ['', RuleWithOperations],
});

export const MatchResources = message('MatchResources', {
  1: ['namespaceSelector', LabelSelector],
  2: ['objectSelector', LabelSelector],
  3: ['resourceRules', repeated(NamedRuleWithOperations)],
  4: ['excludeResourceRules', repeated(NamedRuleWithOperations)],
  7: ['matchPolicy', 'string', 'pointer'],
});

export const Validation = message('Validation', {
  1: ['expression', 'string', 'always'],
  2: ['message', 'string'],
  3: ['reason', 'string', 'pointer'],
  4: ['messageExpression', 'string'],
});

export const AuditAnnotation = message('AuditAnnotation', {
  1: ['key', 'string', 'always'],
  2: ['valueExpression', 'string', 'always'],
});

export const Variable = message('Variable', {
  1: ['name', 'string', 'always'],
  2: ['expression', 'string', 'always'],
});

export const ValidatingAdmissionPolicySpec = message('ValidatingAdmissionPolicySpec', {
  1: ['paramKind', ParamKind],
  2: ['matchConstraints', MatchResources],
  3: ['validations', repeated(Validation)],
  4: ['failurePolicy', 'string', 'pointer'],
  5: ['auditAnnotations', repeated(AuditAnnotation)],
  6: ['matchConditions', repeated(MatchCondition)],
  7: ['variables', repeated(Variable)],
});

export const ExpressionWarning = message('ExpressionWarning', {
  2: ['fieldRef', 'string', 'always'],
  3: ['warning', 'string', 'always'],
});

export const TypeChecking = message('TypeChecking', {
  1: ['expressionWarnings', repeated(ExpressionWarning)],
});

export const ValidatingAdmissionPolicyStatus = message('ValidatingAdmissionPolicyStatus', {
  1: ['observedGeneration', 'int64'],
  2: ['typeChecking', TypeChecking],
  3: ['conditions', repeated(Condition)],
});

export const ValidatingAdmissionPolicy = message('ValidatingAdmissionPolicy', {
  1: ['metadata', ObjectMeta],
  2: ['spec', ValidatingAdmissionPolicySpec],
  3: ['status', ValidatingAdmissionPolicyStatus],
});

export const ParamRef = message('ParamRef', {
  1: ['name', 'string'],
  2: ['namespace', 'string'],
  3: ['selector', LabelSelector],
  4: ['parameterNotFoundAction', 'string', 'pointer'],
});

export const ValidatingAdmissionPolicyBindingSpec = message('ValidatingAdmissionPolicyBindingSpec', {
  1: ['policyName', 'string'],
  2: ['paramRef', ParamRef],
  3: ['matchResources', MatchResources],
  4: ['validationActions', repeated('string')],
});

export const ValidatingAdmissionPolicyBinding = message('ValidatingAdmissionPolicyBinding', {
  1: ['metadata', ObjectMeta],
  2: ['spec', ValidatingAdmissionPolicyBindingSpec],
});

// admissionregistration.k8s.io/v1beta1 (k8s.io/api/admissionregistration/v1beta1/generated.proto): the
// MutatingAdmissionPolicy kinds. Their shared parts (ParamKind, MatchResources, Variable, MatchCondition, ParamRef)
// have the same fields and numbers as v1's.
export const ApplyConfiguration = message('ApplyConfiguration', {
  1: ['expression', 'string'],
});

export const JSONPatch = message('JSONPatch', {
  1: ['expression', 'string'],
});

export const Mutation = message('Mutation', {
  2: ['patchType', 'string', 'always'],
  3: ['applyConfiguration', ApplyConfiguration],
  4: ['jsonPatch', JSONPatch],
});

export const MutatingAdmissionPolicySpec = message('MutatingAdmissionPolicySpec', {
  1: ['paramKind', ParamKind],
  2: ['matchConstraints', MatchResources],
  3: ['variables', repeated(Variable)],
  4: ['mutations', repeated(Mutation)],
  5: ['failurePolicy', 'string', 'pointer'],
  6: ['matchConditions', repeated(MatchCondition)],
  7: ['reinvocationPolicy', 'string'],
});

export const MutatingAdmissionPolicy = message('MutatingAdmissionPolicy', {
  1: ['metadata', ObjectMeta],
  2: ['spec', MutatingAdmissionPolicySpec],
});

export const MutatingAdmissionPolicyBindingSpec = message('MutatingAdmissionPolicyBindingSpec', {
  1: ['policyName', 'string'],
  2: ['paramRef', ParamRef],
  3: ['matchResources', MatchResources],
});

export const MutatingAdmissionPolicyBinding = message('MutatingAdmissionPolicyBinding', {
  1: ['metadata', ObjectMeta],
  2: ['spec', MutatingAdmissionPolicyBindingSpec],
});
