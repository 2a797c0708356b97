// Valid objects to mutate, one builder per kind kcpx serves today; a kind discovered without one gets an object
// made from its schema's required fields, so kinds added later are fuzzed too (their mutations may then mostly
// meet validation, which is still a path to exercise).
import type { JsonSchema } from './client.js';
import { deref } from './schemas.js';

export const FUZZ_GROUP = 'fuzz.kcpx.example';
const TIME = '2024-05-06T07:08:09Z';
const MICRO = '2024-05-06T07:08:09.123456Z';

type Seed = (name: string, namespace: string) => Record<string, unknown>;

const rbacRules = [
  { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
  { verbs: ['get'], nonResourceURLs: ['/healthz'] },
];
const subjects = [
  { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'fuzz-user' },
  { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
];
const accessSpec = (namespace: string) => ({
  resourceAttributes: {
    namespace,
    verb: 'get',
    group: '',
    version: 'v1',
    resource: 'configmaps',
    name: 'a',
    labelSelector: { requirements: [{ key: 'a', operator: 'In', values: ['b'] }] },
  },
});

const SEEDS: Record<string, Seed> = {
  '/v1/Namespace': (name) => ({ metadata: { name, labels: { a: 'b' } } }),
  '/v1/ConfigMap': (name) => ({
    metadata: { name, labels: { a: 'b' }, annotations: { 'example.com/x': 'y' } },
    data: { a: 'b' },
    binaryData: { b: 'aGk=' },
  }),
  '/v1/Secret': (name) => ({ metadata: { name }, type: 'Opaque', data: { a: 'aGk=' }, stringData: { s: 'x' } }),
  '/v1/ServiceAccount': (name) => ({
    metadata: { name },
    automountServiceAccountToken: true,
    secrets: [{ name: 's' }],
    imagePullSecrets: [{ name: 'p' }],
  }),
  '/v1/Event': (name, namespace) => ({
    metadata: { name },
    involvedObject: { kind: 'ConfigMap', name: 'a', namespace, apiVersion: 'v1' },
    reason: 'Fuzzed',
    message: 'm',
    type: 'Normal',
    count: 2,
    firstTimestamp: TIME,
    lastTimestamp: TIME,
    eventTime: MICRO,
    reportingComponent: 'fuzz',
    reportingInstance: 'i',
    action: 'a',
    source: { component: 'fuzz', host: 'h' },
  }),
  '/v1/ResourceQuota': (name) => ({
    metadata: { name },
    spec: { hard: { pods: '10', 'requests.cpu': '500m', 'requests.memory': '1Gi' }, scopes: ['NotTerminating'] },
  }),
  'events.k8s.io/v1/Event': (name) => ({
    metadata: { name },
    eventTime: MICRO,
    reportingController: 'fuzz.example/c',
    reportingInstance: 'i',
    action: 'Act',
    reason: 'Why',
    regarding: { kind: 'ConfigMap', name: 'a', apiVersion: 'v1' },
    note: 'n',
    type: 'Normal',
  }),
  'coordination.k8s.io/v1/Lease': (name) => ({
    metadata: { name },
    spec: { holderIdentity: 'h', leaseDurationSeconds: 15, acquireTime: MICRO, renewTime: MICRO, leaseTransitions: 1 },
  }),
  'rbac.authorization.k8s.io/v1/Role': (name) => ({ metadata: { name }, rules: rbacRules.slice(0, 1) }),
  'rbac.authorization.k8s.io/v1/ClusterRole': (name) => ({
    metadata: { name },
    rules: rbacRules,
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }],
    },
  }),
  'rbac.authorization.k8s.io/v1/RoleBinding': (name) => ({
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    subjects,
  }),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (name) => ({
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects,
  }),
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': (name) => ({ metadata: { name }, webhooks: [] }),
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': (name) => ({ metadata: { name }, webhooks: [] }),
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': (name) => ({
    metadata: { name },
    spec: { validations: [{ expression: 'true' }] },
  }),
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': (name) => ({
    metadata: { name },
    spec: { policyName: 'p', validationActions: ['Deny'] },
  }),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': (name) => {
    const plural = name.split('.')[0]!;
    return {
      metadata: { name },
      spec: {
        group: FUZZ_GROUP,
        scope: 'Namespaced',
        names: {
          plural,
          singular: plural,
          kind: `K${plural.replace(/[^a-z0-9]/g, '')}`,
          listKind: `K${plural.replace(/[^a-z0-9]/g, '')}List`,
          shortNames: [`s${plural}`],
          categories: ['fuzz'],
        },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { n: { type: 'integer', minimum: 0 }, s: { type: 'string' } } } },
              },
            },
            subresources: { status: {} },
            additionalPrinterColumns: [{ name: 'N', type: 'integer', jsonPath: '.spec.n' }],
          },
        ],
      },
    };
  },
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': (name) => ({
    metadata: { name },
    spec: {
      priorityLevelConfiguration: { name: 'global-default' },
      matchingPrecedence: 5000,
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        {
          subjects: [
            { kind: 'User', user: { name: 'u' } },
            { kind: 'ServiceAccount', serviceAccount: { name: 'sa', namespace: 'default' } },
          ],
          resourceRules: [{ verbs: ['get'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }],
        },
      ],
    },
  }),
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration': (name) => ({
    metadata: { name },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 5,
        lendablePercent: 10,
        limitResponse: { type: 'Queue', queuing: { queues: 8, handSize: 4, queueLengthLimit: 10 } },
      },
    },
  }),
  'authorization.k8s.io/v1/SelfSubjectAccessReview': (_n, namespace) => ({ spec: accessSpec(namespace) }),
  'authorization.k8s.io/v1/SubjectAccessReview': (_n, namespace) => ({
    spec: { ...accessSpec(namespace), user: 'u', groups: ['g'], uid: 'id', extra: { k: ['v'] } },
  }),
  'authorization.k8s.io/v1/LocalSubjectAccessReview': (_n, namespace) => ({ spec: { ...accessSpec(namespace), user: 'u' } }),
  'authorization.k8s.io/v1/SelfSubjectRulesReview': (_n, namespace) => ({ spec: { namespace } }),
  'authentication.k8s.io/v1/TokenReview': () => ({ spec: { token: 'not-a-token', audiences: ['a'] } }),
  'authentication.k8s.io/v1/SelfSubjectReview': () => ({}),
  'authentication.k8s.io/v1/TokenRequest': () => ({ spec: { audiences: ['a'], expirationSeconds: 3600 } }),
  'tenancy.kcp.io/v1alpha1/Workspace': (name) => ({ metadata: { name }, spec: { type: { name: 'universal', path: 'root' } } }),
  'tenancy.kcp.io/v1alpha1/WorkspaceType': (name) => ({
    metadata: { name },
    spec: { defaultChildWorkspaceType: { name: 'universal', path: 'root' }, additionalWorkspaceLabels: { a: 'b' } },
  }),
  'core.kcp.io/v1alpha1/Shard': (name) => ({
    metadata: { name },
    spec: { baseURL: `https://${name}.invalid:6443`, externalURL: `https://${name}.invalid:6443` },
  }),
  'mounts.contrib.kcp.io/v1alpha1/KubeCluster': (name) => ({
    metadata: { name },
    spec: { secretRef: { name: 'absent', namespace: 'default' } },
  }),
  [`${FUZZ_GROUP}/v1/Widget`]: (name) => ({
    metadata: { name },
    spec: {
      replicas: 1,
      ratio: 0.5,
      enabled: true,
      mode: 'a',
      port: 80,
      tags: ['t'],
      ports: [{ name: 'p', port: 1 }],
      limits: { a: 'b' },
      free: { anything: [1, 'x'] },
      template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    },
  }),
};

/** The CRD every fuzz run installs: a schema with each kind of field a custom resource can have. */
export function widgetCRD(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${FUZZ_GROUP}` },
    spec: {
      group: FUZZ_GROUP,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    replicas: { type: 'integer', format: 'int32', minimum: 0 },
                    ratio: { type: 'number' },
                    enabled: { type: 'boolean' },
                    mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
                    port: { 'x-kubernetes-int-or-string': true },
                    note: { type: 'string', nullable: true },
                    tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                    ports: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['name'],
                      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                    },
                    limits: { type: 'object', additionalProperties: { type: 'string' } },
                    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                  },
                  'x-kubernetes-validations': [{ rule: '!has(self.replicas) || self.replicas < 1000', message: 'too many' }],
                },
                status: { type: 'object', properties: { replicas: { type: 'integer' }, phase: { type: 'string' } } },
              },
            },
          },
        },
      ],
    },
  };
}

/** A value of a schema node's type (for kinds without a seed: their required fields). */
function sample(s: JsonSchema | undefined, components: Record<string, JsonSchema>, depth: number): unknown {
  const r = deref(s, components);
  if (!r || depth > 6) return undefined;
  if (r.enum?.length) return r.enum[0];
  switch (r.type) {
    case 'string':
      return r.format === 'byte' ? 'aGk=' : r.format === 'date-time' ? TIME : 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default: {
      const out: Record<string, unknown> = {};
      for (const k of r.required ?? []) out[k] = sample(r.properties?.[k], components, depth + 1);
      return out;
    }
  }
}

export function seedFor(
  key: string,
  name: string,
  namespace: string,
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
): Record<string, unknown> {
  const seed = SEEDS[key];
  if (seed) return seed(name, namespace);
  const generated = (sample(schema, components, 0) ?? {}) as Record<string, unknown>;
  return { ...generated, metadata: { name } };
}

export const hasSeed = (key: string) => key in SEEDS;
