// flowcontrol.apiserver.k8s.io/v1 (API Priority and Fairness): FlowSchema and PriorityLevelConfiguration, with
// every subtype as its own component so `kubectl explain` can walk down to the leaves by upstream type names.
import type { Schema } from '../apimachinery/types.js';
import { bool, int, kind, list, obj, ref, str, time } from './build.js';

const FC = 'io.k8s.api.flowcontrol.v1';
const GROUP = 'flowcontrol.apiserver.k8s.io';

const field = (name: string, description: string): Schema => ({ ...ref(`${FC}.${name}`), description });
const set = (description: string): Schema => list(str(''), description, { 'x-kubernetes-list-type': 'set' });
const atomicOf = (name: string, description: string): Schema =>
  list(ref(`${FC}.${name}`), description, { 'x-kubernetes-list-type': 'atomic' });

/** Conditions are merged by type under strategic merge patch and server-side apply alike. */
const conditionList = (item: string, description: string): Schema =>
  list(ref(`${FC}.${item}`), description, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
    'x-kubernetes-patch-merge-key': 'type',
    'x-kubernetes-patch-strategy': 'merge',
  });

const condition = (owner: string): Schema =>
  obj(`${owner}Condition describes one aspect of the state of a ${owner}.`, {
    lastTransitionTime: time('When the condition last changed status.'),
    message: str('A human-readable message about the last transition.'),
    reason: str('A one-word CamelCase reason for the last transition.'),
    status: str('True, False or Unknown. Required.'),
    type: str('The type of the condition. Required.'),
  });

const lendablePercent = int("The share (0..100) of this level's nominal concurrency limit that other levels may borrow; defaults to 0.");

export const flowcontrolSchemas: Record<string, Schema> = {
  [`${FC}.FlowSchema`]: kind(
    GROUP,
    'v1',
    'FlowSchema',
    'FlowSchema groups inbound requests into flows and assigns them to a priority level.',
    {
      spec: field('FlowSchemaSpec', 'The desired behaviour of the FlowSchema.'),
      status: field('FlowSchemaStatus', 'The current state of the FlowSchema.'),
    },
  ),
  [`${FC}.FlowSchemaSpec`]: obj(
    'FlowSchemaSpec describes which requests a FlowSchema matches and where it sends them.',
    {
      distinguisherMethod: field(
        'FlowDistinguisherMethod',
        'How to compute the flow distinguisher of matching requests; absent means every request is in one flow.',
      ),
      matchingPrecedence: int('Chooses among matching FlowSchemas: the numerically lowest wins. Must be in [1,10000]; defaults to 1000.'),
      priorityLevelConfiguration: field(
        'PriorityLevelConfigurationReference',
        'The priority level matching requests are assigned to. Required.',
      ),
      rules: atomicOf('PolicyRulesWithSubjects', 'Which requests match; a request matches if any rule matches. Empty matches nothing.'),
    },
    { required: ['priorityLevelConfiguration'] },
  ),
  [`${FC}.FlowDistinguisherMethod`]: obj(
    'FlowDistinguisherMethod specifies how flows are distinguished.',
    {
      type: str('ByUser or ByNamespace. Required.'),
    },
    { required: ['type'] },
  ),
  [`${FC}.PriorityLevelConfigurationReference`]: obj(
    'PriorityLevelConfigurationReference names the priority level in use.',
    {
      name: str('The name of the PriorityLevelConfiguration. Required.'),
    },
    { required: ['name'] },
  ),
  [`${FC}.PolicyRulesWithSubjects`]: obj(
    'PolicyRulesWithSubjects matches a request when one of its subjects and one of its rules match.',
    {
      nonResourceRules: atomicOf('NonResourcePolicyRule', 'Rules matching non-resource requests by verb and URL.'),
      resourceRules: atomicOf('ResourcePolicyRule', 'Rules matching resource requests by verb and resource.'),
      subjects: atomicOf('Subject', 'The users, groups or service accounts this rule applies to; at least one. Required.'),
    },
    { required: ['subjects'] },
  ),
  [`${FC}.ResourcePolicyRule`]: obj(
    'ResourcePolicyRule matches resource requests by verb, API group, resource and namespace.',
    {
      apiGroups: set('Matching API groups; "*" matches all and must then be the only entry. Required.'),
      clusterScope: bool('Whether requests without a namespace match; if false, namespaces must not be empty.'),
      namespaces: set('Matching target namespaces; "*" matches any namespace (but not cluster-scoped requests).'),
      resources: set('Matching resources, lowercase plural, optionally with a subresource; "*" matches all. Required.'),
      verbs: set('Matching verbs; "*" matches all and must then be the only entry. Required.'),
    },
    { required: ['verbs', 'apiGroups', 'resources'] },
  ),
  [`${FC}.NonResourcePolicyRule`]: obj(
    'NonResourcePolicyRule matches non-resource requests by verb and URL.',
    {
      nonResourceURLs: set('Matching URL prefixes such as "/healthz" or "/healthz/*"; "*" matches all. Required.'),
      verbs: set('Matching verbs; "*" matches all and must then be the only entry. Required.'),
    },
    { required: ['verbs', 'nonResourceURLs'] },
  ),
  [`${FC}.Subject`]: obj(
    'Subject matches the originator of a request by user, group or service account.',
    {
      group: field('GroupSubject', 'Matches by group name.'),
      kind: str('Which of user, group or serviceAccount is set: User, Group or ServiceAccount. Required.'),
      serviceAccount: field('ServiceAccountSubject', 'Matches service accounts.'),
      user: field('UserSubject', 'Matches by user name.'),
    },
    { required: ['kind'] },
  ),
  [`${FC}.UserSubject`]: obj(
    'UserSubject matches a user.',
    { name: str('The user name, or "*" for all users. Required.') },
    { required: ['name'] },
  ),
  [`${FC}.GroupSubject`]: obj(
    'GroupSubject matches a group.',
    { name: str('The group name, or "*" for all groups. Required.') },
    { required: ['name'] },
  ),
  [`${FC}.ServiceAccountSubject`]: obj(
    'ServiceAccountSubject matches service accounts.',
    {
      name: str('The service account name, or "*" for any name. Required.'),
      namespace: str('The namespace of the service accounts. Required.'),
    },
    { required: ['namespace', 'name'] },
  ),
  [`${FC}.FlowSchemaStatus`]: obj('FlowSchemaStatus is the observed state of a FlowSchema.', {
    conditions: conditionList('FlowSchemaCondition', 'The current conditions of the FlowSchema.'),
  }),
  [`${FC}.FlowSchemaCondition`]: condition('FlowSchema'),

  [`${FC}.PriorityLevelConfiguration`]: kind(
    GROUP,
    'v1',
    'PriorityLevelConfiguration',
    'PriorityLevelConfiguration configures one priority level.',
    {
      spec: field('PriorityLevelConfigurationSpec', 'The desired behaviour of the priority level.'),
      status: field('PriorityLevelConfigurationStatus', 'The current state of the priority level.'),
    },
  ),
  [`${FC}.PriorityLevelConfigurationSpec`]: obj(
    'PriorityLevelConfigurationSpec configures a priority level.',
    {
      exempt: field('ExemptPriorityLevelConfiguration', 'How exempt requests are handled; only with type Exempt.'),
      limited: field('LimitedPriorityLevelConfiguration', 'How limited requests are handled; required if and only if type is Limited.'),
      type: str("Exempt (never limited or queued) or Limited (subject to a share of the server's capacity). Required."),
    },
    { required: ['type'] },
  ),
  [`${FC}.ExemptPriorityLevelConfiguration`]: obj('ExemptPriorityLevelConfiguration holds the tunable parts of an exempt priority level.', {
    lendablePercent,
    nominalConcurrencyShares: int('Nominal concurrency shares (NCS) of the level, for the borrowing computation; defaults to 0.'),
  }),
  [`${FC}.LimitedPriorityLevelConfiguration`]: obj(
    'LimitedPriorityLevelConfiguration says how requests of a limited level are limited and what happens to the excess.',
    {
      borrowingLimitPercent: int('If set, caps the seats this level may borrow, as a percentage of its nominal limit; unset means no cap.'),
      lendablePercent,
      limitResponse: field('LimitResponse', 'What to do with requests that cannot be executed right now.'),
      nominalConcurrencyShares: int(
        'Nominal concurrency shares (NCS): the server\'s limit is divided among limited levels in proportion to them. Defaults to 30; 0 makes a "jail".',
      ),
    },
  ),
  [`${FC}.LimitResponse`]: obj(
    'LimitResponse says how to handle requests that cannot be executed right now.',
    {
      queuing: field('QueuingConfiguration', 'Queuing parameters; only with type Queue.'),
      type: str('Queue (hold them in queues up to a limit) or Reject (reject them). Required.'),
    },
    { required: ['type'] },
  ),
  [`${FC}.QueuingConfiguration`]: obj('QueuingConfiguration holds the queuing parameters of a priority level.', {
    handSize: int('How many queues shuffle sharding deals to each flow; at most queues. Defaults to 8.'),
    queueLengthLimit: int('The most requests that may wait in one queue; must be positive. Defaults to 50.'),
    queues: int('The number of queues of this level on each server; must be positive. Defaults to 64.'),
  }),
  [`${FC}.PriorityLevelConfigurationStatus`]: obj('PriorityLevelConfigurationStatus is the observed state of a priority level.', {
    conditions: conditionList('PriorityLevelConfigurationCondition', 'The current conditions of the priority level.'),
  }),
  [`${FC}.PriorityLevelConfigurationCondition`]: condition('PriorityLevelConfiguration'),
};
