// Object-count quota, kube's way (k8s.io/apiserver's resourcequota admission and its generic object-count
// evaluator): which quota keys a resource is counted under, whether one more object fits, and the words of a refusal.

/** Core resources kube also counts under their bare name (its legacy object-count keys). */
const LEGACY_COUNTED = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
]);

/** The quota keys an object of a storage resource (`<group>/<plural>`) counts toward: `count/<plural>[.<group>]`, and its bare name for kube's legacy core kinds. */
export function countKeys(storageResource: string): string[] {
  const slash = storageResource.indexOf('/');
  const group = storageResource.slice(0, slash);
  const plural = storageResource.slice(slash + 1);
  const keys = [group ? `count/${plural}.${group}` : `count/${plural}`];
  if (!group && LEGACY_COUNTED.has(plural)) keys.unshift(plural);
  return keys;
}

/** The storage resource an object-count quota key counts, or undefined for keys that count something else (cpu, memory). */
export function resourceOfKey(key: string): string | undefined {
  if (LEGACY_COUNTED.has(key)) return `/${key}`;
  if (!key.startsWith('count/')) return undefined;
  const name = key.slice('count/'.length);
  const dot = name.indexOf('.');
  return dot < 0 ? `/${name}` : `${name.slice(dot + 1)}/${name.slice(0, dot)}`;
}

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A quantity as a count (object counts are whole numbers); NaN for what is not a quantity. */
export function quantityValue(q: string | number | undefined): number {
  const m = /^([+-]?[0-9.]+)([a-zA-Z]*[-+]?[0-9]*)$/.exec(String(q ?? '').trim());
  if (!m) return NaN;
  const [, num, suffix] = m as unknown as [string, string, string];
  if (suffix === 'm') return Number(num) / 1000;
  const mult = DECIMAL[suffix] ?? BINARY[suffix];
  if (mult === undefined) {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    return e ? Number(num) * 10 ** Number(e[1]) : NaN;
  }
  return Number(num) * mult;
}

export type ResourceList = Record<string, string>;

export interface QuotaLike {
  metadata: { name?: string };
  status?: { hard?: ResourceList; used?: ResourceList };
}

export interface Exceeded {
  quota: string;
  /** kube's `exceeded quota: <name>, requested: …, used: …, limited: …`. */
  message: string;
}

/** kube's prettyPrint of a ResourceList: `key=value` sorted by key, comma-separated. */
function prettyPrint(list: ResourceList): string {
  return Object.keys(list)
    .sort()
    .map((k) => `${k}=${list[k]}`)
    .join(',');
}

/**
 * The new `status.used` of a quota after one more object counted under `keys`, or the refusal. Only keys the
 * quota's status says are hard-limited count (a quota its controller has not seen yet limits nothing, as in kube).
 * Undefined when the quota limits none of the keys.
 */
export function admitOne(quota: QuotaLike, keys: readonly string[]): { used: ResourceList } | Exceeded | undefined {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const limited = keys.filter((k) => hard[k] !== undefined);
  if (limited.length === 0) return undefined;
  const exceeded = limited.filter((k) => (quantityValue(used[k] ?? '0') || 0) + 1 > quantityValue(hard[k]));
  if (exceeded.length > 0) {
    const pick = (l: ResourceList) => Object.fromEntries(exceeded.map((k) => [k, l[k] ?? '0']));
    const requested = Object.fromEntries(exceeded.map((k) => [k, '1']));
    const name = quota.metadata.name ?? '';
    return {
      quota: name,
      message: `exceeded quota: ${name}, requested: ${prettyPrint(requested)}, used: ${prettyPrint(pick(used))}, limited: ${prettyPrint(pick(hard))}`,
    };
  }
  const next = { ...used };
  for (const k of limited) next[k] = String((quantityValue(used[k] ?? '0') || 0) + 1);
  return { used: next };
}

/** The status a quota's controller writes: `hard` as the spec says, `used` counted for every object-count key. */
export function quotaStatus(
  specHard: ResourceList,
  count: (storageResource: string) => number,
): { hard: ResourceList; used: ResourceList } {
  const used: ResourceList = {};
  for (const k of Object.keys(specHard)) {
    const r = resourceOfKey(k);
    used[k] = r ? String(count(r)) : '0';
  }
  return { hard: { ...specHard }, used };
}
