// kcp's two lifecycle virtual workspaces, described once: initializingworkspaces (controllers finishing a new
// workspace before it turns Ready) and terminatingworkspaces (controllers cleaning up before a deleted workspace
// goes). They differ only in the names, the verb, the phase and the LogicalCluster list they follow; what they do
// with those is lifecycle-virtual-workspace.ts. The pure rules here are kcp's (pkg/virtual/*workspaces/builder).
import { fieldErr, invalid, type StatusError } from '../apimachinery/status.js';
import { initializerLabel, terminatorLabel } from '../apis/core-kcp/lifecycle-labels.js';
import { LABEL_PHASE, ROOT, type TypeRef } from '../apis/core-kcp/names.js';
import type { AuthorizationAttributes } from '../auth/rbac/attributes.js';
import { ruleAllows, type PolicyRule } from '../auth/rbac/rules.js';

export interface LifecycleKind {
  /** The service's path prefix, `/services/initializingworkspaces/`. */
  prefix: string;
  noun: 'initializer' | 'terminator';
  /** Where a LogicalCluster lists the ids still pending. */
  field: 'initializers' | 'terminators';
  /** The verb on `workspacetypes/<name>` in the type's workspace that lets a controller in. */
  verb: 'initialize' | 'terminate';
  /** The phase a LogicalCluster is in while the controllers of this kind work on it. */
  phase: 'Initializing' | 'Terminating';
  /** The WorkspaceType field scoping what the controller may do inside the workspace (kcp's mode 1). */
  permissionsField: 'initializerPermissions' | 'terminatorPermissions';
  /** The group kcp adds to the caller's when mode 1 lets a request through (audit: who acted, for which id). */
  groupPrefix: string;
  /** The hashed label naming an id on a LogicalCluster. */
  label(id: string): [string, string];
  /** Whether discovery of a single cluster is this service's own (the LogicalCluster API) rather than the workspace's. */
  ownDiscovery: boolean;
  /** The update rule: what a controller may change in the list through this service. */
  updateErrors(id: string, name: string, previous: readonly string[], current: readonly string[]): StatusError | undefined;
}

const onlyRemoving = (kindGroup: string, field: string, noun: string, id: string, name: string, current: readonly string[]) =>
  invalid(
    `LogicalCluster.${kindGroup}`,
    name,
    [fieldErr.invalid(`status.${field}`, [...current], `only removing the "${id}" ${noun} is supported`)],
    kindGroup,
  );

export const INITIALIZING: LifecycleKind = {
  prefix: '/services/initializingworkspaces/',
  noun: 'initializer',
  field: 'initializers',
  verb: 'initialize',
  phase: 'Initializing',
  permissionsField: 'initializerPermissions',
  groupPrefix: 'system:kcp:initializer:',
  label: initializerLabel,
  ownDiscovery: false,
  // Updates that leave the list alone (conditions) pass; otherwise exactly this id goes. kcp names the kind in the
  // tenancy group here.
  updateErrors: (id, name, previous, current) =>
    previous.length === current.length || (previous.length - current.length === 1 && !current.includes(id))
      ? undefined
      : onlyRemoving('tenancy.kcp.io', 'initializers', 'initializer', id, name, current),
};

export const TERMINATING: LifecycleKind = {
  prefix: '/services/terminatingworkspaces/',
  noun: 'terminator',
  field: 'terminators',
  verb: 'terminate',
  phase: 'Terminating',
  permissionsField: 'terminatorPermissions',
  groupPrefix: 'system:kcp:terminator:',
  label: terminatorLabel,
  ownDiscovery: true,
  updateErrors: (id, name, previous, current) => {
    if (previous.length === current.length && previous.every((p, i) => p === current[i])) return undefined;
    const ok = previous.length - current.length === 1 && !current.includes(id) && current.every((c) => previous.includes(c));
    return ok ? undefined : onlyRemoving('core.kcp.io', 'terminators', 'terminator', id, name, current);
  },
};

/** The WorkspaceType an id names (kcp's TypeFrom: split at the last colon), or undefined when it names none. */
export function typeOfLifecycleId(id: string): TypeRef | undefined {
  const i = id.lastIndexOf(':');
  if (i <= 0 || i === id.length - 1) return undefined;
  return { path: id.slice(0, i), name: id.slice(i + 1) };
}

/** The id of a WorkspaceType: `<path of its workspace>:<name>` (root's types: `root:<name>`). */
export function lifecycleIdOf(typePath: string | undefined, name: string): string {
  return `${typePath ?? ROOT}:${name}`;
}

/** The static label selector of the service's LogicalCluster lists: the phase and the id's label. */
export function lifecycleSelector(kind: LifecycleKind, id: string): string {
  const [key, value] = kind.label(id);
  return `${LABEL_PHASE}=${kind.phase},${key}=${value}`;
}

/** Whether a LogicalCluster is one this service shows for `id`: in the kind's phase, the id still pending. */
export function inLifecycle(kind: LifecycleKind, id: string, lc: Record<string, unknown> | undefined): boolean {
  const status = (lc?.['status'] ?? {}) as { phase?: string; initializers?: string[]; terminators?: string[] };
  return status.phase === kind.phase && (status[kind.field] ?? []).includes(id);
}

/**
 * kcp's EvaluateLifecyclePermissions: whether the WorkspaceType's rules allow a request; the reason of a refusal
 * names the verb and what it was on.
 */
export function lifecyclePermission(
  attrs: Pick<
    AuthorizationAttributes,
    'verb' | 'resourceRequest' | 'apiGroup' | 'resource' | 'subresource' | 'name' | 'namespace' | 'path'
  >,
  rules: readonly PolicyRule[],
): { allowed: true } | { allowed: false; reason: string } {
  if (rules.some((r) => ruleAllows(attrs, r))) return { allowed: true };
  if (!attrs.resourceRequest) return { allowed: false, reason: `no rule allows ${attrs.verb} on ${attrs.path}` };
  let what = `${attrs.apiGroup || 'core'}/${attrs.resource}`;
  if (attrs.subresource) what += `/${attrs.subresource}`;
  if (attrs.name) what += ` (${attrs.name})`;
  if (attrs.namespace) what += ` in namespace ${attrs.namespace}`;
  return { allowed: false, reason: `no rule allows ${attrs.verb} on ${what}` };
}
