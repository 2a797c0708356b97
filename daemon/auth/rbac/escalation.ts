// RBAC escalation prevention, per logical cluster, as kube's policy-based RBAC storage does it
// (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased, pkg/registry/rbac/escalation_check.go):
// permission to write Roles or bindings is not permission to grant what one does not hold. A Role or ClusterRole
// may only grant rules its writer holds (in the same namespace), unless they may `escalate` it; a binding may only
// reference a role whose rules its writer holds (in the binding's namespace), unless they may `bind` that role.
// Runs as a validating admission plugin, so every write path (POST, PUT, every PATCH type, server-side apply,
// dry runs, protobuf bodies) passes through it after decoding and validation, before anything is stored.
import { forbidden, internalError, notFound } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import { deepEqual } from '../../registry/meta.js';
import { hasAggregationRule } from './aggregation.js';
import { resourceAttributes, type AuthorizationAttributes } from './attributes.js';
import { RBAC_GROUP } from './bootstrap.js';
import { GROUP_MASTERS } from '../user/names.js';
import { escalationRefusal, FULL_AUTHORITY } from './covers.js';
import { RBAC_RESOURCES, registryErrorText, type RbacAuthorizer } from './rbac.js';
import { toPolicyRules, type PolicyRule } from './rules.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

/** What the checks need from the running daemon's authorization (KcpAuthorizer provides both). */
export interface EscalationAuthority {
  /** The whole authorization chain: the `escalate` and `bind` checks go through it, as kube's go through the apiserver's authorizer. */
  authorize(attrs: AuthorizationAttributes): { allowed: boolean };
  /** The RBAC policy of one logical cluster: which rules a user holds, what a roleRef grants. */
  policy(cluster: string): RbacAuthorizer;
}

export class RbacEscalationAdmission implements AdmissionPlugin {
  readonly name = 'rbac.authorization.k8s.io/EscalationPrevention';
  readonly resources: ReadonlySet<string> = new Set(Object.values(RBAC_RESOURCES));

  constructor(private readonly authority: EscalationAuthority) {}

  validate(a: AdmissionAttributes): void {
    if ((a.operation !== 'CREATE' && a.operation !== 'UPDATE') || !a.object) return;
    // kube's EscalationAllowed: system:masters is the API server's own privileged identity.
    if (a.ctx.user.groups.includes(GROUP_MASTERS)) return;
    if (a.def.plural === 'roles' || a.def.plural === 'clusterroles') this.checkRole(a, a.object);
    else this.checkBinding(a, a.object);
  }

  private checkRole(a: AdmissionAttributes, obj: KObject): void {
    if (this.mayEscalate(a)) return;
    // Finalizers and ownerReferences are what the garbage collector changes; that needs no grant.
    if (a.oldObject && onlyGarbageCollectorFieldsChange(obj, a.oldObject)) return;
    const name = obj.metadata.name ?? a.name;
    const namespace = a.def.namespaced ? a.namespace : '';
    this.confirmHeld(a, name, namespace, toPolicyRules(obj['rules']));
    // An aggregationRule can gather anything (and keep a role from being tightened): it takes every permission.
    if (a.def.plural === 'clusterroles' && aggregationRuleChanges(obj, a.oldObject) && this.refusal(a, namespace, FULL_AUTHORITY)) {
      throw forbidden({ group: RBAC_GROUP, resource: a.def.plural }, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
  }

  private checkBinding(a: AdmissionAttributes, obj: KObject): void {
    if (a.oldObject && onlyGarbageCollectorFieldsChange(obj, a.oldObject)) return;
    const name = obj.metadata.name ?? a.name;
    const namespace = a.def.namespaced ? a.namespace : '';
    const ref = (obj['roleRef'] ?? {}) as { apiGroup?: unknown; kind?: unknown; name?: unknown };
    // rbac/v1 defaults an empty roleRef.apiGroup to its own group.
    const roleRef = { apiGroup: scalarText(ref.apiGroup) || RBAC_GROUP, kind: scalarText(ref.kind), name: scalarText(ref.name) };
    if (this.mayBind(a, roleRef, namespace)) return;
    const rules = this.authority.policy(a.ctx.cluster).roleRefRules(roleRef, namespace);
    if (!Array.isArray(rules)) {
      // The registry read kube's check makes answers for itself: 404 for a missing role.
      if (rules.kind === 'Role') throw notFound({ group: RBAC_GROUP, resource: 'roles' }, rules.name);
      if (rules.kind === 'ClusterRole') throw notFound({ group: RBAC_GROUP, resource: 'clusterroles' }, rules.name);
      throw internalError(new Error(registryErrorText(rules)));
    }
    this.confirmHeld(a, name, namespace, rules);
  }

  /** kube's RoleEscalationAuthorized: `escalate` on the request's own resource (and name: none for a POST). */
  private mayEscalate(a: AdmissionAttributes): boolean {
    const attrs = resourceAttributes(a.ctx.cluster, a.ctx.user, {
      verb: 'escalate',
      group: a.def.group,
      version: '*',
      resource: a.def.plural,
      name: a.operation === 'UPDATE' ? a.name : '',
      namespace: a.def.namespaced ? a.namespace : '',
    });
    return this.authority.authorize(attrs).allowed;
  }

  /** kube's BindingAuthorized: `bind` on the referenced role, in the binding's namespace ('' for ClusterRoleBindings). */
  private mayBind(a: AdmissionAttributes, ref: { apiGroup: string; kind: string; name: string }, namespace: string): boolean {
    const resource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : undefined;
    if (!resource) return false;
    const attrs = resourceAttributes(a.ctx.cluster, a.ctx.user, { verb: 'bind', group: ref.apiGroup, resource, name: ref.name, namespace });
    return this.authority.authorize(attrs).allowed;
  }

  private confirmHeld(a: AdmissionAttributes, name: string, namespace: string, requested: readonly PolicyRule[]): void {
    const refusal = this.refusal(a, namespace, requested);
    if (refusal) throw forbidden({ group: RBAC_GROUP, resource: a.def.plural }, name, refusal);
  }

  /** kube's ConfirmNoEscalation against everything the user holds in `namespace` (cluster-wide rules included). */
  private refusal(a: AdmissionAttributes, namespace: string, requested: readonly PolicyRule[]): string | undefined {
    const held = this.authority.policy(a.ctx.cluster).rulesWithErrors(a.ctx.user, namespace);
    return escalationRefusal(a.ctx.user, { rules: held.rules, resolutionErrors: held.errors.map(registryErrorText) }, requested);
  }
}

/** kube's IsOnlyMutatingGCFields, ignoring too what the server itself sets after admission (managedFields, resourceVersion). */
export function onlyGarbageCollectorFieldsChange(obj: KObject, old: KObject): boolean {
  const strip = (o: KObject) => {
    const meta: Record<string, unknown> = { ...o.metadata };
    for (const f of ['ownerReferences', 'finalizers', 'selfLink', 'managedFields', 'resourceVersion']) delete meta[f];
    return { ...o, metadata: meta };
  };
  return deepEqual(strip(obj), strip(old));
}

/**
 * Whether a write sets or changes an aggregationRule with selectors (kube: on create when it has selectors; on
 * update when either side has some and the rules differ, an absent selector list equal to an empty one).
 */
export function aggregationRuleChanges(obj: KObject, old: KObject | undefined): boolean {
  const selectors = (o: KObject) =>
    hasAggregationRule(o) ? ((o['aggregationRule'] as { clusterRoleSelectors?: unknown }).clusterRoleSelectors ?? []) : undefined;
  const hasSelectors = (o: KObject) => {
    const s = selectors(o);
    return Array.isArray(s) && s.length > 0;
  };
  if (!old) return hasSelectors(obj);
  if (!hasSelectors(obj) && !hasSelectors(old)) return false;
  return !deepEqual(selectors(obj), selectors(old));
}
