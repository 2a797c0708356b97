// The autoscaling/v1 Scale view of a resource with a scale subresource.
import { badRequest } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { ResourceDef } from './types.js';

export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

export function scaleOf(def: ResourceDef, obj: KObject): KObject {
  const spec = def.subresources.scale;
  if (!spec) throw badRequest(`${def.plural} has no scale subresource`);
  const m = obj.metadata;
  const status: Record<string, unknown> = { replicas: Number(readPath(obj, spec.statusReplicasPath) ?? 0) };
  if (spec.labelSelectorPath) {
    const sel = readPath(obj, spec.labelSelectorPath);
    if (typeof sel === 'string') status['selector'] = sel;
  }
  const meta: KObject['metadata'] = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp ?? null };
  if (m.namespace) meta.namespace = m.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: { replicas: Number(readPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}
