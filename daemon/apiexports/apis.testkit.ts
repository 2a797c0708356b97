// An in-memory world for the reconcilers of APIs as a service: objects by cluster, kind and name, writes checked
// against the version read, as the store's compare-and-swap does.
import type { KObject } from '../apimachinery/types.js';
import type { BindingDeps } from './reconcile-binding.js';
import type { EndpointSliceDeps } from './reconcile-endpoint-slice.js';
import type { ExportDeps } from './reconcile-export.js';

type Kind = 'exports' | 'bindings' | 'schemas' | 'crds' | 'slices' | 'secrets' | 'objects';

export class FakeApis implements ExportDeps, BindingDeps, EndpointSliceDeps {
  readonly objects = new Map<string, KObject>();
  /** Workspace paths → logical clusters. */
  readonly paths = new Map<string, string>();
  private rv = 1;
  clock = new Date('2026-01-01T00:00:00Z');

  private key(kind: Kind, cluster: string, name: string): string {
    return `${kind}|${cluster}|${name}`;
  }

  put(kind: Kind, cluster: string, obj: KObject): KObject {
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(this.rv++);
    stored.metadata.uid ??= `uid-${stored.metadata.name}`;
    this.objects.set(this.key(kind, cluster, obj.metadata.name!), stored);
    return stored;
  }

  read(kind: Kind, cluster: string, name: string): KObject | undefined {
    const o = this.objects.get(this.key(kind, cluster, name));
    return o && structuredClone(o);
  }

  private list(kind: Kind, cluster: string): KObject[] {
    const prefix = `${kind}|${cluster}|`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, o]) => structuredClone(o));
  }

  private write(kind: Kind, cluster: string, obj: KObject): boolean {
    const cur = this.objects.get(this.key(kind, cluster, obj.metadata.name!));
    if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion) return false;
    this.put(kind, cluster, obj);
    return true;
  }

  now = () => this.clock;
  resolveCluster = (path: string) =>
    this.paths.get(path) ?? (this.paths.has(path) ? undefined : [...this.paths.values()].find((c) => c === path));
  getExport = (c: string, n: string) => this.read('exports', c, n);
  exportExists = (c: string, n: string) => this.read('exports', c, n) !== undefined;
  updateExport = (c: string, e: KObject) => this.write('exports', c, e);
  getSecret = (c: string, ns: string, n: string) => this.read('secrets', c, `${ns}/${n}`);
  createSecret = (c: string, s: KObject) => {
    if (this.getSecret(c, s.metadata.namespace!, s.metadata.name!)) return false;
    this.put('secrets', c, { ...s, metadata: { ...s.metadata, name: `${s.metadata.namespace}/${s.metadata.name}` } });
    return true;
  };
  getEndpointSlice = (c: string, n: string) => this.read('slices', c, n);
  createEndpointSlice = (c: string, s: KObject) => void this.put('slices', c, s);
  updateEndpointSlice = (c: string, s: KObject) => this.write('slices', c, s);
  randomKey = () => Buffer.alloc(32, 7);
  getBinding = (c: string, n: string) => this.read('bindings', c, n);
  listBindings = (c: string) => this.list('bindings', c);
  getSchema = (c: string, n: string) => this.read('schemas', c, n);
  boundSchemas = new Set<string>();
  ensureBoundSchema = (schema: KObject) => void this.boundSchemas.add(schema.metadata.uid!);
  listCRDs = (c: string) => this.list('crds', c);
  updateBinding = (c: string, b: KObject) => this.write('bindings', c, b);
  removeBinding = (c: string, b: KObject) => {
    const ok = this.read('bindings', c, b.metadata.name!)?.metadata.resourceVersion === b.metadata.resourceVersion;
    if (ok) this.objects.delete(this.key('bindings', c, b.metadata.name!));
    return ok;
  };
  deleted: Array<{ cluster: string; resource: string }> = [];
  /** The finalizers of the objects a deletion leaves behind, by resource key. */
  leftover = new Map<string, string[][]>();
  deleteObjects = (cluster: string, resource: string) => {
    this.deleted.push({ cluster, resource });
    return Promise.resolve(this.leftover.get(resource) ?? []);
  };
  bindingsTo = new Set<string>();
  hasBinding = (c: string, n: string) => this.bindingsTo.has(`${c}/${n}`);
  virtualWorkspaceBase = () => 'https://127.0.0.1:6443';
}

export const SCHEMA: KObject = {
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIResourceSchema',
  metadata: { name: 'today.cowboys.wildwest.dev', uid: 'schema-uid' },
  spec: {
    group: 'wildwest.dev',
    names: { plural: 'cowboys', singular: 'cowboy', kind: 'Cowboy', listKind: 'CowboyList' },
    scope: 'Namespaced',
    versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { type: 'object' } }],
  },
};

export function exportObject(name: string, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIExport',
    metadata: { name },
    spec: { resources: [{ name: 'cowboys', group: 'wildwest.dev', schema: 'today.cowboys.wildwest.dev', storage: { crd: {} } }] },
    ...extra,
  };
}

export function bindingObject(name: string, path: string, exportName: string): KObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIBinding',
    metadata: { name, finalizers: ['apis.kcp.io/apibinding-finalizer'] },
    spec: { reference: { export: { path, name: exportName } } },
  };
}
