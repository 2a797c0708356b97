// Local APIServices: every group/version a logical cluster serves itself gets one, as kube-aggregator's autoregister
// (built-ins, labelled `onstart`) and crdregistration (CRD group/versions, labelled `true`) controllers make them.
// They are kept in step with what the cluster serves: created when missing, deleted when their group/version goes.
import type { KObject } from '../apimachinery/types.js';

export const APISERVICES = 'apiregistration.k8s.io/apiservices';
export const AUTOMANAGED = 'kube-aggregator.kubernetes.io/automanaged';

export interface GroupVersion {
  group: string;
  version: string;
  /** Served by a CRD (automanaged `true`, low priority) rather than built in (`onstart`). */
  custom?: boolean;
}

/** kube-apiserver's apiVersionPriorities for the groups kcpx serves, and kcp's groups after them. */
const PRIORITIES: Record<string, readonly [group: number, version: number]> = {
  v1: [18000, 1],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
  'apiregistration.k8s.io/v1': [18000, 15],
  'tenancy.kcp.io/v1alpha1': [15000, 9],
  'core.kcp.io/v1alpha1': [14900, 9],
  'mounts.contrib.kcp.io/v1alpha1': [14800, 9],
};

/** The name of a group/version's APIService: `<version>.<group>` (`v1.` for the core group). */
export const apiServiceName = (gv: GroupVersion) => `${gv.version}.${gv.group}`;

export function localAPIService(gv: GroupVersion, now: Date): KObject {
  const key = gv.group ? `${gv.group}/${gv.version}` : gv.version;
  const [groupPriorityMinimum, versionPriority] = gv.custom ? [1000, 100] : (PRIORITIES[key] ?? [1000, 15]);
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: apiServiceName(gv), labels: { [AUTOMANAGED]: gv.custom ? 'true' : 'onstart' } },
    spec: { group: gv.group, version: gv.version, groupPriorityMinimum, versionPriority },
    status: {
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastTransitionTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
          reason: 'Local',
          message: 'Local APIServices are always available',
        },
      ],
    },
  };
}

export interface LocalDeps {
  now(): Date;
  /** The group/versions the cluster serves itself. */
  groupVersions(cluster: string): GroupVersion[];
  list(cluster: string): KObject[];
  create(cluster: string, obj: KObject): void;
  delete(cluster: string, name: string): void;
  transaction(fn: () => void): void;
}

export interface LocalOutcome {
  created: string[];
  deleted: string[];
}

export function reconcileLocalAPIServices(deps: LocalDeps, cluster: string): LocalOutcome {
  const out: LocalOutcome = { created: [], deleted: [] };
  const wanted = new Map(deps.groupVersions(cluster).map((gv) => [apiServiceName(gv), gv]));
  deps.transaction(() => {
    const stored = new Map(deps.list(cluster).map((o) => [o.metadata.name!, o]));
    for (const [name, gv] of wanted) {
      if (stored.has(name)) continue;
      deps.create(cluster, localAPIService(gv, deps.now()));
      out.created.push(name);
    }
    for (const [name, o] of stored) {
      // Only what the system made goes: an APIService a user wrote for a group/version stays theirs.
      if (o.metadata.labels?.[AUTOMANAGED] === undefined || wanted.has(name)) continue;
      deps.delete(cluster, name);
      out.deleted.push(name);
    }
  });
  return out;
}
