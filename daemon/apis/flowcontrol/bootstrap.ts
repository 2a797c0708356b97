// The FlowSchemas and PriorityLevelConfigurations kube-apiserver keeps in every cluster (k8s.io/apiserver
// pkg/apis/flowcontrol/bootstrap, as of the Kubernetes minor kcpx serves, 1.32): the mandatory `exempt` and
// `catch-all` pairs, which the server always restores, and the suggested set, which operators may edit (by setting
// `apf.kubernetes.io/autoupdate-spec: "false"`) but which comes back when deleted. Specs are written already defaulted
// (kube's defaulting changes none of them), so a stored object can be compared with its bootstrap form as is.
import type { KObject } from '../../apimachinery/types.js';

export const AUTO_UPDATE_ANNOTATION = 'apf.kubernetes.io/autoupdate-spec';
const API_VERSION = 'flowcontrol.apiserver.k8s.io/v1';

type Subject = Record<string, unknown>;
type Rule = Record<string, unknown>;

const group = (name: string): Subject => ({ kind: 'Group', group: { name } });
const user = (name: string): Subject => ({ kind: 'User', user: { name } });
const kubeSystemSA = (name: string): Subject => ({ kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name } });

const resourceRule = (verbs: string[], apiGroups: string[], resources: string[], clusterScope: boolean): Rule => ({
  verbs,
  apiGroups,
  resources,
  // kube's helper lists `*` (every namespace) for each rule; clusterScope is written only when true (omitempty).
  ...(clusterScope ? { clusterScope } : {}),
  namespaces: ['*'],
});
const nonResourceRule = (verbs: string[], nonResourceURLs: string[]): Rule => ({ verbs, nonResourceURLs });

/** Every request: all resources, cluster-scoped or in any namespace, and every non-resource URL. */
const everything = (subjects: Subject[]) => ({
  subjects,
  resourceRules: [resourceRule(['*'], ['*'], ['*'], true)],
  nonResourceRules: [nonResourceRule(['*'], ['*'])],
});

function flowSchema(
  name: string,
  level: string,
  matchingPrecedence: number,
  distinguisher: 'ByUser' | 'ByNamespace' | '',
  rule: Rule,
): KObject {
  return {
    apiVersion: API_VERSION,
    kind: 'FlowSchema',
    metadata: { name, annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } },
    spec: {
      priorityLevelConfiguration: { name: level },
      matchingPrecedence,
      ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
      rules: [rule],
    },
  };
}

function limited(name: string, shares: number, lendablePercent: number, queuing?: [queues: number, handSize: number]): KObject {
  const limitResponse = queuing
    ? { type: 'Queue', queuing: { queues: queuing[0], handSize: queuing[1], queueLengthLimit: 50 } }
    : { type: 'Reject' };
  return priorityLevel(name, { type: 'Limited', limited: { nominalConcurrencyShares: shares, limitResponse, lendablePercent } });
}

function priorityLevel(name: string, spec: Record<string, unknown>): KObject {
  return {
    apiVersion: API_VERSION,
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } },
    spec,
  };
}

const AUTHENTICATED = ['system:unauthenticated', 'system:authenticated'].map(group);
const LEASES = (verbs: string[]) => resourceRule(verbs, ['coordination.k8s.io'], ['leases'], false);
const GET_CREATE_UPDATE = ['get', 'create', 'update'];

export interface BootstrapConfiguration {
  /** Restored whatever their annotation says: request classification needs them. */
  readonly mandatory: boolean;
  readonly priorityLevels: readonly KObject[];
  readonly flowSchemas: readonly KObject[];
}

/** kube's sets, freshly built: callers may keep and change what they get. */
export function bootstrapConfiguration(): readonly BootstrapConfiguration[] {
  return [
    {
      mandatory: false,
      priorityLevels: [
        limited('system', 30, 33, [64, 6]),
        limited('node-high', 40, 25, [64, 6]),
        limited('leader-election', 10, 0, [16, 4]),
        limited('workload-high', 40, 50, [128, 6]),
        limited('workload-low', 100, 90, [128, 6]),
        limited('global-default', 20, 50, [128, 6]),
      ],
      flowSchemas: [
        flowSchema('system-nodes', 'system', 500, 'ByUser', everything([group('system:nodes')])),
        flowSchema('system-node-high', 'node-high', 400, 'ByUser', {
          subjects: [group('system:nodes')],
          resourceRules: [resourceRule(['*'], [''], ['nodes', 'nodes/status'], true), LEASES(['*'])],
        }),
        flowSchema('probes', 'exempt', 2, '', {
          subjects: AUTHENTICATED,
          nonResourceRules: [nonResourceRule(['get'], ['/healthz', '/readyz', '/livez'])],
        }),
        flowSchema('system-leader-election', 'leader-election', 100, 'ByUser', {
          subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler'), kubeSystemSA('*')],
          resourceRules: [LEASES(GET_CREATE_UPDATE)],
        }),
        flowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', {
          subjects: [kubeSystemSA('*')],
          resourceRules: [resourceRule(GET_CREATE_UPDATE, [''], ['endpoints', 'configmaps'], false), LEASES(GET_CREATE_UPDATE)],
        }),
        flowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', {
          subjects: [
            user('system:kube-controller-manager'),
            kubeSystemSA('endpoint-controller'),
            kubeSystemSA('endpointslicemirroring-controller'),
          ],
          resourceRules: [resourceRule(GET_CREATE_UPDATE, [''], ['endpoints'], false)],
        }),
        flowSchema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', everything([user('system:kube-controller-manager')])),
        flowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', everything([user('system:kube-scheduler')])),
        flowSchema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', everything([kubeSystemSA('*')])),
        flowSchema('service-accounts', 'workload-low', 9000, 'ByUser', everything([group('system:serviceaccounts')])),
        flowSchema('global-default', 'global-default', 9900, 'ByUser', everything(AUTHENTICATED)),
      ],
    },
    {
      mandatory: true,
      // `exempt` last, as kube lists it: a crash midway through the first start leaves the set incomplete, and the
      // next start completes it.
      priorityLevels: [
        limited('catch-all', 5, 0),
        priorityLevel('exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
      ],
      flowSchemas: [
        flowSchema('exempt', 'exempt', 1, '', everything([group('system:masters')])),
        flowSchema('catch-all', 'catch-all', 10000, 'ByUser', everything(AUTHENTICATED)),
      ],
    },
  ];
}
