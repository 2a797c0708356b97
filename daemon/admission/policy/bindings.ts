// What ValidatingAdmissionPolicies and MutatingAdmissionPolicies share (k8s.io/apiserver's admission/plugin/policy/
// generic): a policy's matchConstraints and a binding's matchResources, the params a binding's paramRef selects, and
// the `authorizer` their expressions ask.
import { AuthorizerValue, ResourceCheck, type Authorize } from '../cel/authorizer.js';
import type { LabelSelector } from '../../apimachinery/labels.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes } from '../../registry/admission.js';
import type { Catalogs } from '../../registry/catalog.js';
import { storageResource } from '../../registry/keys.js';
import type { Store } from '../../storage/store.js';
import {
  anyRuleMatches,
  compileSelector,
  namespaceSelectorMatches,
  objectSelectorMatches,
  type RequestFacts,
  type RuleWithOperations,
} from '../request/matching.js';

interface NamedRule extends RuleWithOperations {
  resourceNames?: string[];
}

export interface MatchResources {
  resourceRules?: NamedRule[];
  excludeResourceRules?: NamedRule[];
  namespaceSelector?: Parameters<typeof compileSelector>[0];
  objectSelector?: Parameters<typeof compileSelector>[0];
}

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: Parameters<typeof compileSelector>[0];
  parameterNotFoundAction?: string;
}

/** The spec fields kube's validating and mutating policy bindings share. */
export interface PolicyBindingSpec {
  policyName?: string;
  paramRef?: ParamRef;
  matchResources?: MatchResources;
}

export interface ParamKind {
  apiVersion?: string;
  kind?: string;
}

/** A binding joined to its policy: the policy compiled once for all its bindings, both match criteria ready. */
export interface BoundPolicy<B, S, C> {
  binding: KObject;
  spec: B;
  policy: KObject;
  policySpec: S;
  compiled: C;
  policyMatch: Matcher;
  bindingMatch: Matcher | undefined;
}

/** kube's pairing of bindings (in name order) with the policies they name; a binding naming no policy does nothing. */
export function bindPolicies<B extends PolicyBindingSpec, S extends { matchConstraints?: unknown }, C>(
  policies: readonly KObject[],
  bindings: readonly KObject[],
  compile: (spec: S) => C,
): BoundPolicy<B, S, C>[] {
  const byName = new Map(policies.map((p) => [p.metadata.name!, p]));
  const compiled = new Map<string, C>();
  const out: BoundPolicy<B, S, C>[] = [];
  for (const binding of [...bindings].sort((x, y) => (x.metadata.name! < y.metadata.name! ? -1 : 1))) {
    const spec = (binding['spec'] ?? {}) as B;
    const policy = spec.policyName ? byName.get(spec.policyName) : undefined;
    if (!policy) continue;
    const policySpec = (policy['spec'] ?? {}) as S;
    let c = compiled.get(policy.metadata.name!);
    if (c === undefined) compiled.set(policy.metadata.name!, (c = compile(policySpec)));
    out.push({
      binding,
      spec,
      policy,
      policySpec,
      compiled: c,
      policyMatch: new Matcher((policySpec.matchConstraints as MatchResources | undefined) ?? {}),
      bindingMatch: spec.matchResources ? new Matcher(spec.matchResources) : undefined,
    });
  }
  return out;
}

export class Matcher {
  private readonly namespaceSelector: LabelSelector | undefined;
  private readonly objectSelector: LabelSelector | undefined;

  constructor(private readonly m: MatchResources) {
    this.namespaceSelector = compileSelector(m.namespaceSelector);
    this.objectSelector = compileSelector(m.objectSelector);
  }

  /** kube's matcher for policies: named rules, excluded rules, then the selectors. `requireRules`: a policy's constraints must list rules. */
  matches(a: AdmissionAttributes, f: RequestFacts, namespaceOf: (n: string) => KObject | undefined, requireRules: boolean): boolean {
    const rules = this.m.resourceRules;
    if (rules?.length || requireRules) {
      if (!anyRuleMatches(rules, f) || !namedOk(rules ?? [], a, f)) return false;
    }
    if ((this.m.excludeResourceRules ?? []).some((r) => anyRuleMatches([r], f) && nameListed(r, a))) return false;
    return objectSelectorMatches(this.objectSelector, a) && namespaceSelectorMatches(this.namespaceSelector, a, namespaceOf);
  }
}

const nameOf = (a: AdmissionAttributes) => a.name || a.object?.metadata.name || '';
const nameListed = (r: NamedRule, a: AdmissionAttributes) => !r.resourceNames?.length || r.resourceNames.includes(nameOf(a));
/** Some matching rule also admits the request's name. */
const namedOk = (rules: NamedRule[], a: AdmissionAttributes, f: RequestFacts) =>
  rules.some((r) => anyRuleMatches([r], f) && nameListed(r, a));

/** `authorizer` for the request's user in its workspace; `requestResource` is the request's own resource. */
export function authorizerOf(authorize: Authorize, a: AdmissionAttributes): AuthorizerValue {
  const authz = new AuthorizerValue(authorize, a.ctx.cluster, a.ctx.user, undefined);
  const own = { group: a.def.group, resource: a.def.plural, subresource: a.subresource ?? '', namespace: a.namespace, name: a.name };
  return new AuthorizerValue(authorize, a.ctx.cluster, a.ctx.user, new ResourceCheck(authz, own));
}

/**
 * The params a binding's paramRef selects: [null] when the policy takes none. An error is a misconfiguration, judged
 * by the policy's failurePolicy — except `always`, the `Deny` parameterNotFoundAction, which refuses whatever it says.
 */
export type CollectedParams = { list: unknown[] } | { error: string; always?: boolean };

export function collectParams(
  store: Store,
  catalogs: Catalogs,
  a: AdmissionAttributes,
  kind: ParamKind | undefined,
  ref: ParamRef | undefined,
): CollectedParams {
  if (!kind?.kind) return { list: [null] };
  if (!ref) return { error: 'failed to configure binding: paramRef is required when paramKind is set' };
  const [group, version] = splitApiVersion(kind.apiVersion ?? '');
  const def = catalogs.for(a.ctx.cluster).byKind(group, kind.kind);
  if (!def || def.version !== version) {
    return {
      error: `failed to configure policy: failed to find resource referenced by paramKind: '${kind.apiVersion}, Kind=${kind.kind}'`,
    };
  }
  let namespace = '';
  if (def.namespaced) {
    namespace = ref.namespace || (a.def.namespaced ? a.namespace : '');
    if (!namespace) return { error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
  }
  const scope = { cluster: a.ctx.cluster, resource: storageResource(def), namespace };
  let list: KObject[];
  if (ref.name) {
    const one = store.get({ ...scope, name: ref.name });
    list = one ? [one] : [];
  } else {
    const sel = compileSelector(ref.selector);
    list = store.list(scope).items.filter((o) => !sel || sel.matches(o.metadata.labels));
  }
  if (list.length > 0) return { list };
  if (ref.parameterNotFoundAction === 'Deny') {
    return { error: 'failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction', always: true };
  }
  return { list: [] };
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
