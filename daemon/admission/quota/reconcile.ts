// The ResourceQuota controller's reconciler: a namespace's quotas get `status.hard` from their spec and
// `status.used` counted from the store. Admission counts creates as they happen (enforcement.ts); this recount is
// what frees quota when objects go, and what starts a new or changed quota from the true count.
import { isDeepStrictEqual } from 'node:util';
import type { KObject } from '../../apimachinery/types.js';
import { quotaStatus, type ResourceList } from './usage.js';

export interface QuotaDeps {
  quotas(cluster: string, namespace: string): KObject[];
  /** How many objects of a storage resource the namespace holds. */
  count(cluster: string, namespace: string, resource: string): number;
  /** Writes a quota's status at the revision read; false when it changed meanwhile (its event will bring it back). */
  writeStatus(cluster: string, quota: KObject, status: { hard: ResourceList; used: ResourceList }): boolean;
}

export interface QuotaOutcome {
  updated: string[];
}

export function reconcileQuotas(deps: QuotaDeps, cluster: string, namespace: string): QuotaOutcome {
  const updated: string[] = [];
  for (const q of deps.quotas(cluster, namespace)) {
    const spec = (q['spec'] ?? {}) as { hard?: ResourceList };
    const want = quotaStatus(spec.hard ?? {}, (r) => deps.count(cluster, namespace, r));
    const have = (q['status'] ?? {}) as { hard?: ResourceList; used?: ResourceList };
    if (isDeepStrictEqual(have.hard ?? {}, want.hard) && isDeepStrictEqual(have.used ?? {}, want.used)) continue;
    if (deps.writeStatus(cluster, q, want)) updated.push(q.metadata.name!);
  }
  return { updated };
}

/** Whether a quota's status lags its spec (new, or its limits changed): the controller recounts. */
export function statusLags(q: KObject): boolean {
  const spec = (q['spec'] ?? {}) as { hard?: ResourceList };
  const status = (q['status'] ?? {}) as { hard?: ResourceList };
  return !isDeepStrictEqual(spec.hard ?? {}, status.hard ?? {});
}
