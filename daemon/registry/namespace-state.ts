// Whether a namespace exists and accepts new content, asked on every namespaced create: read from the stored text,
// which is parsed only when it could be terminating.
import type { KObject } from '../apimachinery/types.js';
import type { Store } from '../storage/store.js';

export type NamespaceState = 'missing' | 'terminating' | 'active';

export function namespaceState(store: Store, cluster: string, name: string): NamespaceState {
  const raw = store.getRaw({ cluster, resource: '/namespaces', namespace: '', name });
  if (raw === undefined) return 'missing';
  // The text may mention deletionTimestamp elsewhere (a label, an annotation): only the field itself counts.
  return raw.includes('"deletionTimestamp"') && (JSON.parse(raw) as KObject).metadata.deletionTimestamp ? 'terminating' : 'active';
}
