// Discovery documents for one logical cluster: legacy (/api, /apis, group, group-version) and aggregated v2. Each
// resource's subresources are its strategy's handlers.
import type { Catalog } from './catalog.js';
import type { ResourceDef, Verb } from './types.js';
import { createHash } from 'node:crypto';

const VERB_ORDER: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function sortedVerbs(verbs: readonly Verb[]): Verb[] {
  return VERB_ORDER.filter((v) => verbs.includes(v));
}

export function storageVersionHash(def: ResourceDef): string {
  return (
    def.storageVersionHash ??
    createHash('sha256').update(`${def.group}/${def.version}/${def.kind}`).digest().subarray(0, 8).toString('base64')
  );
}

interface GroupVersions {
  group: string;
  versions: string[];
}

/** Groups in first-seen order, versions in preference order (first served wins). */
export function groupsOf(catalog: Catalog): GroupVersions[] {
  const groups = new Map<string, string[]>();
  for (const d of catalog.defs) {
    const vs = groups.get(d.group) ?? [];
    if (!vs.includes(d.version)) vs.push(d.version);
    groups.set(d.group, vs);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(g: GroupVersions): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(catalog: Catalog): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(catalog)
      .filter((g) => g.group !== '')
      .map(apiGroup),
  };
}

export function apiGroupDoc(catalog: Catalog, group: string): Record<string, unknown> | undefined {
  const g = groupsOf(catalog).find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

export function apiResourceList(catalog: Catalog, group: string, version: string): Record<string, unknown> | undefined {
  const defs = catalog.defs.filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const d of defs) {
    const r: Record<string, unknown> = {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: sortedVerbs(d.verbs),
    };
    if (d.shortNames.length) r['shortNames'] = d.shortNames;
    if (d.categories.length) r['categories'] = d.categories;
    r['storageVersionHash'] = storageVersionHash(d);
    resources.push(r);
    for (const [name, sub] of Object.entries(d.strategy.subresources)) {
      const r: Record<string, unknown> = { name: `${d.plural}/${name}`, singularName: '', namespaced: d.namespaced };
      if (sub.kind) Object.assign(r, sub.kind);
      else r['kind'] = d.kind;
      r['verbs'] = sortedVerbs(sub.verbs);
      resources.push(r);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList: `/api` lists the core group only, `/apis` the others. */
export function aggregatedDiscovery(catalog: Catalog, legacy: boolean): Record<string, unknown> {
  const items = groupsOf(catalog)
    .filter((g) => (legacy ? g.group === '' : g.group !== ''))
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: catalog.defs
          .filter((d) => d.group === g.group && d.version === v)
          .map((d) => {
            const r: Record<string, unknown> = {
              resource: d.plural,
              responseKind: { group: d.group, version: d.version, kind: d.kind },
              scope: d.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: d.singular,
              verbs: sortedVerbs(d.verbs),
            };
            if (d.shortNames.length) r['shortNames'] = d.shortNames;
            if (d.categories.length) r['categories'] = d.categories;
            const subs = Object.entries(d.strategy.subresources).map(([name, sub]) => ({
              subresource: name,
              responseKind: sub.kind ? { ...sub.kind } : { group: d.group, version: d.version, kind: d.kind },
              verbs: sortedVerbs(sub.verbs),
            }));
            if (subs.length) r['subresources'] = subs;
            return r;
          }),
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
