// Whether a namespace exists and accepts new content, asked on every namespaced create (kube's NamespaceLifecycle,
// which the generic machinery runs for every kind: namespaced objects live in a namespace). Read from the stored
// text, which is parsed only when it could be terminating.
import { forbidden, notFound } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { Store } from '../storage/store.js';
import type { ResourceCall } from './call.js';
import { groupResource } from './keys.js';

const NAMESPACES = { group: '', resource: 'namespaces' };
/** Their storage resource key (see keys.ts). */
const NAMESPACES_KEY = `${NAMESPACES.group}/${NAMESPACES.resource}`;

export type NamespaceState = 'missing' | 'terminating' | 'active';

export function namespaceState(store: Store, cluster: string, name: string): NamespaceState {
  const raw = store.getRaw({ cluster, resource: NAMESPACES_KEY, namespace: '', name });
  if (raw === undefined) return 'missing';
  // The text may mention deletionTimestamp elsewhere (a label, an annotation): only the field itself counts.
  return raw.includes('"deletionTimestamp"') && (JSON.parse(raw) as KObject).metadata.deletionTimestamp ? 'terminating' : 'active';
}

/**
 * Writes into a namespace need it to exist and not be terminating. `name` is what the client asked for (kube's
 * admission sees the object's name before generateName has made one).
 */
export function checkNamespaceForCreate(store: Store, call: ResourceCall, name?: string): void {
  if (!call.def.namespaced) return;
  const state = namespaceState(store, call.cluster, call.namespace);
  if (state === 'missing') throw notFound(NAMESPACES, call.namespace);
  if (state === 'terminating') {
    throw forbidden(
      groupResource(call.def),
      name || undefined,
      `unable to create new content in namespace ${call.namespace} because it is being terminated`,
    );
  }
}
