// Schemas of the built-in kinds kcpx serves (names follow upstream's component names).
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, freeform, int, kind, list, mapOf, META, obj, ref, str, time } from './build.js';

const CORE = 'io.k8s.api.core.v1';
const RBAC = 'io.k8s.api.rbac.v1';

const objectReference = obj(
  'ObjectReference contains enough information to let you inspect or modify the referred object.',
  {
    apiVersion: str('API version of the referent.'),
    fieldPath: str('A piece of an object instead of an entire object.'),
    kind: str('Kind of the referent.'),
    name: str('Name of the referent.'),
    namespace: str('Namespace of the referent.'),
    resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
    uid: str('UID of the referent.'),
  },
  { 'x-kubernetes-map-type': 'atomic' },
);

const policyRule = obj(
  'PolicyRule holds information that describes a policy rule.',
  {
    apiGroups: atomic(str(''), 'The API groups that contain the resources.'),
    nonResourceURLs: atomic(str(''), 'Partial URLs a user should have access to.'),
    resourceNames: atomic(str(''), 'An optional allow list of names the rule applies to.'),
    resources: atomic(str(''), 'Resources this rule applies to; "*" means all.'),
    verbs: atomic(str(''), 'Verbs that apply to all the resources of this rule; "*" means all.'),
  },
  { required: ['verbs'] },
);

const subject = obj(
  'Subject names a user, group or service account.',
  {
    apiGroup: str('API group of the subject.'),
    kind: str('User, Group or ServiceAccount.'),
    name: str('Name of the subject.'),
    namespace: str('Namespace of a ServiceAccount subject.'),
  },
  { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
);

const roleRef = obj(
  'RoleRef contains information that points to the role being used.',
  { apiGroup: str('API group of the referenced role.'), kind: str('Role or ClusterRole.'), name: str('Name of the role.') },
  { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
);

const conditions = (d: string) =>
  list(ref(`${META}.Condition`), d, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

export const kindSchemas: Record<string, Schema> = {
  [`${CORE}.ObjectReference`]: objectReference,
  [`${CORE}.ConfigMap`]: kind('', 'v1', 'ConfigMap', 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: mapOf({ type: 'string', format: 'byte' }, 'BinaryData contains the binary data; keys must not overlap with data.'),
    data: mapOf(str(''), "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'."),
    immutable: bool('If true, the data cannot be updated (only object metadata can).'),
  }),
  [`${CORE}.Secret`]: kind('', 'v1', 'Secret', 'Secret holds secret data of a certain type.', {
    data: mapOf({ type: 'string', format: 'byte' }, 'Data contains the secret data, base64 encoded.'),
    immutable: bool('If true, the data cannot be updated.'),
    stringData: mapOf(str(''), 'Write-only convenience: plain strings merged into data on write.'),
    type: str('Used to facilitate programmatic handling of secret data (default Opaque).'),
  }),
  [`${CORE}.NamespaceSpec`]: obj('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: atomic(str(''), 'Must be empty before the namespace is removed from storage.'),
  }),
  [`${CORE}.NamespaceCondition`]: obj(
    'NamespaceCondition contains details about the state of a namespace.',
    {
      lastTransitionTime: time('Last time the condition changed.'),
      message: str('Human-readable message.'),
      reason: str('Reason for the condition.'),
      status: str('True, False or Unknown.'),
      type: str('Type of namespace controller condition.'),
    },
    { required: ['type', 'status'] },
  ),
  [`${CORE}.NamespaceStatus`]: obj('NamespaceStatus is information about the current status of a Namespace.', {
    conditions: list(ref(`${CORE}.NamespaceCondition`), 'The latest available observations of the namespace state.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      'x-kubernetes-patch-merge-key': 'type',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    phase: str('Active or Terminating.', { enum: ['Active', 'Terminating'] }),
  }),
  [`${CORE}.Namespace`]: kind('', 'v1', 'Namespace', 'Namespace provides a scope for Names.', {
    spec: { ...ref(`${CORE}.NamespaceSpec`), description: 'Spec defines the behavior of the Namespace.' },
    status: { ...ref(`${CORE}.NamespaceStatus`), description: 'Status describes the current status of a Namespace.' },
  }),
  [`${CORE}.ServiceAccount`]: kind('', 'v1', 'ServiceAccount', 'ServiceAccount binds together a name, a principal and secrets.', {
    automountServiceAccountToken: bool('Whether pods running as this service account should have a token mounted.'),
    imagePullSecrets: atomic(obj('A reference to a secret.', { name: str('Name of the referent.') }), 'Secrets used to pull images.'),
    secrets: list(ref(`${CORE}.ObjectReference`), 'Secrets this service account may use.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    }),
  }),
  [`${CORE}.Event`]: kind(
    '',
    'v1',
    'Event',
    'Event is a report of an event somewhere in the cluster.',
    {
      action: str('What action was taken/failed regarding the object.'),
      count: int('The number of times this event has occurred.'),
      eventTime: { type: 'string', format: 'date-time', description: 'Time when this Event was first observed (microsecond precision).' },
      firstTimestamp: time('The time at which the event was first recorded.'),
      involvedObject: { ...ref(`${CORE}.ObjectReference`), description: 'The object that this event is about.' },
      lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      reason: str('A short, machine understandable string that gives the reason for the transition.'),
      related: { ...ref(`${CORE}.ObjectReference`), description: 'Optional secondary object for more complex actions.' },
      reportingComponent: str('Name of the controller that emitted this Event.'),
      reportingInstance: str('ID of the controller instance.'),
      series: freeform('Data about the Event series this event represents.'),
      source: obj('The component reporting this event.', {
        component: str('Component from which the event is generated.'),
        host: str('Node name on which the event is generated.'),
      }),
      type: str('Type of this event (Normal, Warning).'),
    },
    { required: ['metadata', 'involvedObject'] },
  ),
  [`${CORE}.ResourceQuota`]: kind('', 'v1', 'ResourceQuota', 'ResourceQuota sets aggregate quota restrictions enforced per namespace.', {
    spec: obj('The desired quota.', {
      hard: mapOf(
        { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        'The set of desired hard limits for each named resource.',
      ),
      scopeSelector: freeform('A collection of filters that must match each object tracked by a quota.'),
      scopes: atomic(str(''), 'A collection of filters that must match each object tracked by a quota.'),
    }),
    status: obj('The actual enforced quota and its current usage.', {
      hard: mapOf({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }, 'The enforced hard limits.'),
      used: mapOf(
        { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        'The current observed total usage.',
      ),
    }),
  }),
  'io.k8s.api.events.v1.Event': kind(
    'events.k8s.io',
    'v1',
    'Event',
    'Event is a report of an event somewhere in the cluster.',
    {
      action: str('What action was taken/failed regarding the regarding object.'),
      deprecatedCount: int('Deprecated field assuring backward compatibility with core.v1 Event type.'),
      deprecatedFirstTimestamp: time('Deprecated.'),
      deprecatedLastTimestamp: time('Deprecated.'),
      deprecatedSource: freeform('Deprecated.'),
      eventTime: { type: 'string', format: 'date-time', description: 'The time when this Event was first observed.' },
      note: str('A human-readable description of the status of this operation.'),
      reason: str('Why the action was taken.'),
      regarding: { ...ref(`${CORE}.ObjectReference`), description: 'The object this Event is about.' },
      related: { ...ref(`${CORE}.ObjectReference`), description: 'Optional secondary object for more complex actions.' },
      reportingController: str('The name of the controller that emitted this Event.'),
      reportingInstance: str('The ID of the controller instance.'),
      series: freeform('Data about the Event series this event represents.'),
      type: str('Normal or Warning.'),
    },
    { required: ['eventTime'] },
  ),
  'io.k8s.api.coordination.v1.Lease': kind('coordination.k8s.io', 'v1', 'Lease', 'Lease defines a lease concept.', {
    spec: obj('The specification of the Lease.', {
      acquireTime: { type: 'string', format: 'date-time', description: 'When the current lease was acquired.' },
      holderIdentity: str('The identity of the holder of a current lease.'),
      leaseDurationSeconds: int('Duration candidates for a lease need to wait to force acquire it.'),
      leaseTransitions: int('The number of transitions of a lease between holders.'),
      preferredHolder: str('Signals to a lease holder that the lease has a more optimal holder.'),
      renewTime: { type: 'string', format: 'date-time', description: 'When the current holder last updated the lease.' },
      strategy: str('The strategy for picking the leader for coordinated leader election.'),
    }),
  }),
  [`${RBAC}.PolicyRule`]: policyRule,
  [`${RBAC}.Subject`]: subject,
  [`${RBAC}.RoleRef`]: roleRef,
  [`${RBAC}.AggregationRule`]: obj('Describes how to locate ClusterRoles to aggregate into the ClusterRole.', {
    clusterRoleSelectors: atomic(ref(`${META}.LabelSelector`), 'Selectors of ClusterRoles whose rules are aggregated.'),
  }),
  [`${RBAC}.Role`]: kind('rbac.authorization.k8s.io', 'v1', 'Role', 'Role is a namespaced, logical grouping of PolicyRules.', {
    rules: atomic(ref(`${RBAC}.PolicyRule`), 'All the PolicyRules for this Role.'),
  }),
  [`${RBAC}.ClusterRole`]: kind(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRole',
    'ClusterRole is a cluster level, logical grouping of PolicyRules.',
    {
      aggregationRule: { ...ref(`${RBAC}.AggregationRule`), description: 'Describes how to build the Rules for this ClusterRole.' },
      rules: atomic(ref(`${RBAC}.PolicyRule`), 'All the PolicyRules for this ClusterRole.'),
    },
  ),
  [`${RBAC}.RoleBinding`]: kind(
    'rbac.authorization.k8s.io',
    'v1',
    'RoleBinding',
    'RoleBinding references a role and grants it to subjects in a namespace.',
    {
      roleRef: { ...ref(`${RBAC}.RoleRef`), description: 'The Role or ClusterRole granted; immutable.' },
      subjects: atomic(ref(`${RBAC}.Subject`), 'The subjects the role applies to.'),
    },
    { required: ['roleRef'] },
  ),
  [`${RBAC}.ClusterRoleBinding`]: kind(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'ClusterRoleBinding grants a ClusterRole to subjects cluster-wide.',
    {
      roleRef: { ...ref(`${RBAC}.RoleRef`), description: 'The ClusterRole granted; immutable.' },
      subjects: atomic(ref(`${RBAC}.Subject`), 'The subjects the role applies to.'),
    },
    { required: ['roleRef'] },
  ),
  'io.k8s.api.autoscaling.v1.Scale': kind('autoscaling', 'v1', 'Scale', 'Scale represents a scaling request for a resource.', {
    spec: obj('The desired scale.', { replicas: int('Desired number of instances.') }),
    status: obj('The current scale.', {
      replicas: int('Actual number of observed instances.'),
      selector: str('Label query over the instances, in string form.'),
    }),
  }),
};

const ADMISSION = 'io.k8s.api.admissionregistration.v1';
for (const [k, d, field] of [
  ['ValidatingWebhookConfiguration', 'Describes admission webhooks that accept or reject an object without changing it.', 'webhooks'],
  ['MutatingWebhookConfiguration', 'Describes admission webhooks that may change the object.', 'webhooks'],
] as const) {
  kindSchemas[`${ADMISSION}.${k}`] = kind('admissionregistration.k8s.io', 'v1', k, d, {
    [field]: list(freeform('A webhook and the resources and operations it applies to.'), 'The webhooks.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    }),
  });
}
kindSchemas[`${ADMISSION}.ValidatingAdmissionPolicy`] = kind(
  'admissionregistration.k8s.io',
  'v1',
  'ValidatingAdmissionPolicy',
  'Describes a CEL-based admission policy.',
  {
    spec: freeform('The desired behavior of the policy.'),
    status: freeform('The status of the policy.'),
  },
);
kindSchemas[`${ADMISSION}.ValidatingAdmissionPolicyBinding`] = kind(
  'admissionregistration.k8s.io',
  'v1',
  'ValidatingAdmissionPolicyBinding',
  'Binds a ValidatingAdmissionPolicy to resources.',
  {
    spec: freeform('The desired behavior of the binding.'),
  },
);
for (const [k, d] of [
  ['MutatingAdmissionPolicy', 'Describes a CEL-based admission policy that mutates the objects it matches.'],
  ['MutatingAdmissionPolicyBinding', 'Binds a MutatingAdmissionPolicy to resources, with its params.'],
] as const) {
  kindSchemas[`io.k8s.api.admissionregistration.v1beta1.${k}`] = kind('admissionregistration.k8s.io', 'v1beta1', k, d, {
    spec: freeform(`The desired behavior of the ${k === 'MutatingAdmissionPolicy' ? 'policy' : 'binding'}.`),
  });
}

const conds = conditions('Current state conditions.');
kindSchemas['io.kcp.tenancy.v1alpha1.Workspace'] = kind(
  'tenancy.kcp.io',
  'v1alpha1',
  'Workspace',
  'Workspace defines a generic Kubernetes-cluster-like endpoint, with its own API set and objects.',
  {
    spec: obj('The desired state of the workspace.', {
      URL: str('The address under which the workspace is reachable; set by the system.'),
      cluster: str('The name of the logical cluster backing this workspace; set by the system.'),
      location: obj('Where to schedule the workspace.', {
        selector: { ...ref(`${META}.LabelSelector`), description: 'Selects the shards the workspace may be scheduled to.' },
      }),
      mount: obj('Makes the workspace a mount of another API, served by the referenced object.', {
        ref: obj(
          'The mount object.',
          {
            apiVersion: str('API version of the mount object.'),
            kind: str('Kind of the mount object.'),
            name: str('Name of the mount object.'),
            namespace: str('Namespace of the mount object, if namespaced.'),
          },
          { required: ['apiVersion', 'kind', 'name'] },
        ),
      }),
      type: obj(
        "The type of the workspace; defaults to the parent type's default child type.",
        { name: str('Name of the WorkspaceType.'), path: str('Path of the workspace holding the WorkspaceType.') },
        { required: ['name'] },
      ),
    }),
    status: obj('The observed state of the workspace.', {
      conditions: conds,
      initializers: atomic(str(''), 'Initializers that still have to run.'),
      phase: str('Scheduling, Initializing, Ready, Unavailable, Terminating or Deleting.'),
      terminators: atomic(str(''), 'Terminators that still have to run.'),
    }),
  },
);
kindSchemas['io.kcp.tenancy.v1alpha1.WorkspaceType'] = kind(
  'tenancy.kcp.io',
  'v1alpha1',
  'WorkspaceType',
  'WorkspaceType specifies behaviour of workspaces of this type.',
  {
    spec: obj('The desired behaviour.', {
      additionalWorkspaceLabels: mapOf(str(''), 'Labels added to workspaces of this type.'),
      defaultAPIBindings: atomic(freeform('An APIExport to bind by default.'), 'APIExports bound in new workspaces.'),
      defaultChildWorkspaceType: obj('The default type of child workspaces.', {
        name: str('Name of the type.'),
        path: str('Path of its workspace.'),
      }),
      extend: obj('Types this type extends.', {
        with: atomic(obj('A type reference.', { name: str('Name.'), path: str('Path.') }), 'Types this one inherits from.'),
      }),
      initializer: bool('Whether workspaces of this type need an initializer of the same name.'),
      initializerPermissions: atomic(
        freeform('An RBAC PolicyRule.'),
        "What the type's initializer may do inside a workspace it initializes (else it acts as the workspace's owner).",
      ),
      limitAllowedChildren: freeform('Which types may be children of this type.'),
      limitAllowedParents: freeform('Which types may be parents of this type.'),
      terminator: bool('Whether workspaces of this type need a terminator of the same name.'),
      terminatorPermissions: atomic(
        freeform('An RBAC PolicyRule.'),
        "What the type's terminator may do inside a workspace it terminates (else it acts as the workspace's owner).",
      ),
    }),
    status: obj('The observed state.', {
      conditions: conds,
      virtualWorkspaces: atomic(freeform('A virtual workspace URL.'), 'Virtual workspace URLs.'),
    }),
  },
);
kindSchemas['io.kcp.core.v1alpha1.LogicalCluster'] = kind(
  'core.kcp.io',
  'v1alpha1',
  'LogicalCluster',
  'LogicalCluster describes one logical cluster; always named "cluster".',
  {
    spec: obj('The desired state.', {
      directlyDeletable: bool('Whether the object may be deleted directly.'),
      initializers: atomic(str(''), 'Initializers that must finish before the cluster is Ready.'),
      owner: freeform('The Workspace this logical cluster belongs to.'),
      createdBy: freeform('The user who created the logical cluster.'),
      terminators: atomic(str(''), 'Terminators that must finish before deletion.'),
    }),
    status: obj('The observed state.', {
      URL: str('The address of this logical cluster (by name).'),
      conditions: conds,
      initializers: atomic(str(''), 'Initializers still running.'),
      phase: str('Scheduling, Initializing, Ready, Unavailable, Terminating or Deleting.'),
      terminators: atomic(str(''), 'Terminators still running.'),
    }),
  },
);
kindSchemas['io.kcp.core.v1alpha1.Shard'] = kind('core.kcp.io', 'v1alpha1', 'Shard', 'Shard describes a kcpx shard.', {
  spec: obj(
    "The shard's addresses.",
    {
      baseURL: str('Address used by the front proxy.'),
      externalURL: str('Address used in workspace URLs.'),
      virtualWorkspaceURL: str('Address of virtual workspaces.'),
    },
    { required: ['baseURL'] },
  ),
  status: obj('The observed state.', { capacity: mapOf(str(''), 'Capacity of the shard.'), conditions: conds }),
});
kindSchemas['io.kcp.contrib.mounts.v1alpha1.KubeCluster'] = kind(
  'mounts.contrib.kcp.io',
  'v1alpha1',
  'KubeCluster',
  'KubeCluster mounts another Kubernetes API into a workspace.',
  {
    spec: obj(
      'Where the target is and how to reach it.',
      {
        context: str('The kubeconfig context to use; the current context if empty.'),
        secretRef: obj(
          'The Secret holding the target\'s kubeconfig under key "kubeconfig".',
          { name: str('Name of the Secret.'), namespace: str('Namespace of the Secret (default "default").') },
          { required: ['name'] },
        ),
      },
      { required: ['secretRef'] },
    ),
    status: obj('Whether the target answers.', {
      URL: str('The target API server.'),
      conditions: conds,
      phase: str('Initializing, Ready or Unavailable.'),
    }),
  },
);
