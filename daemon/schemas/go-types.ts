// The Go types behind the published schemas where the schema alone does not say: named string types
// (v1.SecretType), named structs the schemas inline (v1.LeaseSpec), MicroTime and Quantity fields. Typed decoding
// names them in its errors exactly as kube's JSON decoder does ("… of type v1.SecretType"); nothing here is
// published. Keys are component names; paths are dotted JSON names inside the component, with `[]` for list items
// and `{}` for map values. Inline structs that are not listed are named after their kind and field
// (`Lease` + `spec` → `v1.LeaseSpec`), which is how the upstream types are named nearly everywhere.

export type GoTypeOverride = string | { kind: 'microtime' | 'quantity' | 'any'; goType: string };

const MICRO_TIME = { kind: 'microtime', goType: 'v1.MicroTime' } as const;
const QUANTITY = { kind: 'quantity', goType: 'resource.Quantity' } as const;

const CORE = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const FC = 'io.k8s.api.flowcontrol.v1';
const CRD = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

const condition = (typeName: string) => ({ type: typeName, status: 'v1.ConditionStatus' });

export const GO_TYPES: Record<string, Record<string, GoTypeOverride>> = {
  [`${META}.ObjectMeta`]: { uid: 'types.UID' },
  [`${META}.OwnerReference`]: { uid: 'types.UID' },
  [`${META}.ManagedFieldsEntry`]: { operation: 'v1.ManagedFieldsOperationType' },
  [`${META}.Condition`]: { status: 'v1.ConditionStatus' },
  [`${META}.LabelSelectorRequirement`]: { operator: 'v1.LabelSelectorOperator' },
  [`${META}.DeleteOptions`]: {
    propagationPolicy: 'v1.DeletionPropagation',
    preconditions: 'v1.Preconditions',
    'preconditions.uid': 'types.UID',
  },
  [`${META}.FieldSelectorRequirement`]: { operator: 'v1.FieldSelectorOperator' },
  [`${CORE}.ObjectReference`]: { uid: 'types.UID' },
  'io.k8s.api.authentication.v1.UserInfo': { extra: 'map[string]v1.ExtraValue', 'extra{}': 'v1.ExtraValue' },
  'io.k8s.api.authorization.v1.SubjectAccessReviewSpec': { extra: 'map[string]v1.ExtraValue', 'extra{}': 'v1.ExtraValue' },
  [`${CORE}.Secret`]: { type: 'v1.SecretType' },
  [`${CORE}.NamespaceSpec`]: { finalizers: '[]v1.FinalizerName', 'finalizers[]': 'v1.FinalizerName' },
  [`${CORE}.NamespaceStatus`]: { phase: 'v1.NamespacePhase' },
  [`${CORE}.NamespaceCondition`]: condition('v1.NamespaceConditionType'),
  [`${CORE}.ServiceAccount`]: { 'imagePullSecrets[]': 'v1.LocalObjectReference' },
  [`${CORE}.Event`]: { eventTime: MICRO_TIME, series: 'v1.EventSeries' },
  [`${CORE}.ResourceQuota`]: {
    'spec.hard': 'v1.ResourceList',
    'spec.hard{}': QUANTITY,
    'spec.scopes': '[]v1.ResourceQuotaScope',
    'spec.scopes[]': 'v1.ResourceQuotaScope',
    'spec.scopeSelector': 'v1.ScopeSelector',
    'status.hard': 'v1.ResourceList',
    'status.hard{}': QUANTITY,
    'status.used': 'v1.ResourceList',
    'status.used{}': QUANTITY,
  },
  'io.k8s.api.events.v1.Event': { eventTime: MICRO_TIME, series: 'v1.EventSeries', deprecatedSource: 'v1.EventSource' },
  'io.k8s.api.coordination.v1.Lease': {
    'spec.acquireTime': MICRO_TIME,
    'spec.renewTime': MICRO_TIME,
    'spec.strategy': 'v1.CoordinatedLeaseStrategy',
  },
  [`${FC}.FlowDistinguisherMethod`]: { type: 'v1.FlowDistinguisherMethodType' },
  [`${FC}.Subject`]: { kind: 'v1.SubjectKind' },
  [`${FC}.PriorityLevelConfigurationSpec`]: { type: 'v1.PriorityLevelEnablement' },
  [`${FC}.LimitResponse`]: { type: 'v1.LimitResponseType' },
  [`${FC}.FlowSchemaCondition`]: condition('v1.FlowSchemaConditionType'),
  [`${FC}.PriorityLevelConfigurationCondition`]: condition('v1.PriorityLevelConfigurationConditionType'),
  [`${CRD}.CustomResourceDefinitionSpec`]: { scope: 'v1.ResourceScope' },
  [`${CRD}.CustomResourceConversion`]: { strategy: 'v1.ConversionStrategyType' },
  [`${CRD}.CustomResourceDefinitionCondition`]: condition('v1.CustomResourceDefinitionConditionType'),
  [`${CRD}.ValidationRule`]: { reason: 'v1.FieldValueErrorReason' },
  [`${CRD}.JSONSchemaProps`]: {
    dependencies: 'v1.JSONSchemaDependencies',
    definitions: 'v1.JSONSchemaDefinitions',
    'x-kubernetes-map-type': 'string',
    'x-kubernetes-list-type': 'string',
  },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration': { 'webhooks[]': 'v1.ValidatingWebhook' },
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration': { 'webhooks[]': 'v1.MutatingWebhook' },
  'io.k8s.api.certificates.v1.CertificateSigningRequest': {
    'spec.usages': '[]v1.KeyUsage',
    'spec.usages[]': 'v1.KeyUsage',
    'spec.extra': 'map[string]v1.ExtraValue',
    'spec.extra{}': 'v1.ExtraValue',
  },
  'io.k8s.api.certificates.v1.CertificateSigningRequestCondition': condition('v1.RequestConditionType'),
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceCondition': condition('v1.APIServiceConditionType'),
  'io.kcp.tenancy.v1alpha1.Workspace': {
    'spec.type': 'v1alpha1.WorkspaceTypeReference',
    'spec.type.name': 'v1alpha1.WorkspaceTypeName',
    'spec.mount': 'v1alpha1.Mount',
    'spec.mount.ref': 'v1alpha1.ObjectReference',
    'status.phase': 'v1alpha1.LogicalClusterPhaseType',
    'status.initializers[]': 'v1alpha1.LogicalClusterInitializer',
    'status.terminators[]': 'v1alpha1.LogicalClusterTerminator',
  },
  'io.kcp.core.v1alpha1.LogicalCluster': {
    'spec.owner': 'v1alpha1.LogicalClusterOwner',
    'spec.initializers[]': 'v1alpha1.LogicalClusterInitializer',
    'spec.terminators[]': 'v1alpha1.LogicalClusterTerminator',
    'status.phase': 'v1alpha1.LogicalClusterPhaseType',
    'status.initializers[]': 'v1alpha1.LogicalClusterInitializer',
    'status.terminators[]': 'v1alpha1.LogicalClusterTerminator',
  },
};
