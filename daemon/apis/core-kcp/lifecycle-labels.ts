// kcp's hashed lifecycle labels on a LogicalCluster (sdk:apis/tenancy/initialization and termination utils, kept by
// kcp's logicalcluster metadata reconciler): one label per initializer and per terminator in its status,
// `initializer.internal.kcp.io/<sha224 hex, cut to fit>` = `<full sha224 hex>`. The initializing and terminating
// virtual workspaces select a controller's logical clusters with them, so the store's label selection (and the
// watch's kube semantics: an object leaving the selection is DELETED) does the filtering.
import { createHash } from 'node:crypto';
import { LABEL_PHASE } from './names.js';

export const INITIALIZER_LABEL_PREFIX = 'initializer.internal.kcp.io/';
export const TERMINATOR_LABEL_PREFIX = 'terminator.internal.kcp.io/';
/** validation.LabelValueMaxLength, which kcp also uses to cut the key's name part. */
const LABEL_MAX = 63;

function hashedLabel(prefix: string, id: string): [string, string] {
  const hash = createHash('sha224').update(id).digest('hex');
  return [prefix + hash.slice(0, LABEL_MAX - prefix.length), hash];
}

/** The label (key, value) naming an initializer. */
export function initializerLabel(id: string): [string, string] {
  return hashedLabel(INITIALIZER_LABEL_PREFIX, id);
}

/** The label (key, value) naming a terminator. */
export function terminatorLabel(id: string): [string, string] {
  return hashedLabel(TERMINATOR_LABEL_PREFIX, id);
}

/**
 * The labels with exactly one lifecycle label per initializer and terminator in `status` (others of those prefixes
 * dropped, so none can be forged) and the phase label showing `status.phase`, as kcp's metadata reconciler keeps
 * them; the same object when nothing changes.
 */
export function withLifecycleLabels(
  labels: Record<string, string> | undefined,
  status: { phase?: string; initializers?: string[]; terminators?: string[] } | undefined,
): Record<string, string> | undefined {
  const wanted = new Map<string, string>();
  if (status?.phase) wanted.set(LABEL_PHASE, status.phase);
  for (const id of status?.initializers ?? []) wanted.set(...initializerLabel(id));
  for (const id of status?.terminators ?? []) wanted.set(...terminatorLabel(id));
  const next: Record<string, string> = {};
  let changed = false;
  for (const [k, v] of Object.entries(labels ?? {})) {
    if ((k.startsWith(INITIALIZER_LABEL_PREFIX) || k.startsWith(TERMINATOR_LABEL_PREFIX)) && wanted.get(k) !== v) {
      changed = true;
      continue;
    }
    next[k] = v;
  }
  for (const [k, v] of wanted) {
    if (next[k] === v) continue;
    next[k] = v;
    changed = true;
  }
  return changed ? next : labels;
}
