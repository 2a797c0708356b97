// The ValidatingAdmissionPolicy plugin: every binding of the request's logical cluster whose policy (and own
// matchResources) matches the request is evaluated, once per param its paramRef finds, and its failures acted on as
// its validationActions say — Deny refuses with kube's message (the first denial), Warn answers with a warning,
// Audit has no audit log to go to.
import { AuthorizerValue, ResourceCheck, type Authorize } from '../cel/authorizer.js';
import type { LabelSelector } from '../../apimachinery/labels.js';
import { qualifiedResource, relayedStatus, type StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import type { Catalogs } from '../../registry/catalog.js';
import { groupResource, storageResource } from '../../registry/keys.js';
import { lazyImport } from '../../support/lazy-import.js';
import type { Store } from '../../storage/store.js';
import type { AdmissionConfigurations, ClusterConfigurations } from '../config/configurations.js';
import {
  anyRuleMatches,
  compileSelector,
  exemptFromAdmission,
  factsOf,
  namespaceSelectorMatches,
  objectSelectorMatches,
  type RequestFacts,
  type RuleWithOperations,
} from '../request/matching.js';
import { admissionRequest } from '../request/request.js';
import type { CompiledPolicy, PolicySpec, Violation } from './evaluate.js';

const evaluation = lazyImport(() => import('./evaluate.js'));
type Evaluator = typeof import('./evaluate.js');

interface NamedRule extends RuleWithOperations {
  resourceNames?: string[];
}

interface MatchResources {
  resourceRules?: NamedRule[];
  excludeResourceRules?: NamedRule[];
  namespaceSelector?: Parameters<typeof compileSelector>[0];
  objectSelector?: Parameters<typeof compileSelector>[0];
}

interface BindingSpec {
  policyName?: string;
  paramRef?: { name?: string; namespace?: string; selector?: Parameters<typeof compileSelector>[0]; parameterNotFoundAction?: string };
  matchResources?: MatchResources;
  validationActions?: string[];
}

class Matcher {
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

interface Bound {
  binding: KObject;
  spec: BindingSpec;
  policy: KObject;
  policySpec: PolicySpec;
  compiled: CompiledPolicy;
  policyMatch: Matcher;
  bindingMatch: Matcher | undefined;
}

/** `authorizer` for the request's user in its workspace; `requestResource` is the request's own resource. */
function authorizerOf(authorize: Authorize, a: AdmissionAttributes): AuthorizerValue {
  const authz = new AuthorizerValue(authorize, a.ctx.cluster, a.ctx.user, undefined);
  const own = { group: a.def.group, resource: a.def.plural, subresource: a.subresource ?? '', namespace: a.namespace, name: a.name };
  return new AuthorizerValue(authorize, a.ctx.cluster, a.ctx.user, new ResourceCheck(authz, own));
}

export class ValidatingAdmissionPolicies implements AdmissionPlugin {
  readonly name = 'ValidatingAdmissionPolicy';

  constructor(
    private readonly configs: AdmissionConfigurations,
    private readonly store: Store,
    private readonly catalogs: Catalogs,
    /** The workspace's authorizer, for `authorizer` in expressions. */
    private readonly authorize: Authorize,
  ) {}

  async validate(a: AdmissionAttributes): Promise<void> {
    if (exemptFromAdmission(a)) return;
    const cfg = this.configs.of(a.ctx.cluster);
    if (!cfg?.bindings.length || !cfg.policies.length) return;
    const evaluator = evaluation.loaded() ?? (await evaluation.load());
    const bound = cfg.memo('policies', () => this.bind(cfg, evaluator));
    if (bound.length === 0) return;
    const facts = factsOf(a);
    const namespaceOf = (name: string) => this.store.get({ cluster: a.ctx.cluster, resource: '/namespaces', namespace: '', name });
    let denied: { b: Bound; v: Violation } | undefined;
    let request: ReturnType<typeof admissionRequest> | undefined;
    for (const b of bound) {
      if (!b.policyMatch.matches(a, facts, namespaceOf, true)) continue;
      if (b.bindingMatch && !b.bindingMatch.matches(a, facts, namespaceOf, false)) continue;
      request ??= admissionRequest(a);
      const violations = this.evaluate(evaluator, b, a, request, namespaceOf);
      const actions = new Set(b.spec.validationActions ?? []);
      for (const v of violations) {
        if (actions.has('Deny')) denied ??= { b, v };
        if (actions.has('Warn')) {
          (a.warnings ??= []).push(
            `Validation failed for ValidatingAdmissionPolicy '${b.policy.metadata.name}' with binding '${b.binding.metadata.name}': ${v.message}`,
          );
        }
      }
    }
    if (denied) throw policyDenial(a, denied.b, denied.v);
  }

  private bind(cfg: ClusterConfigurations, { compilePolicy }: Evaluator): Bound[] {
    const policies = new Map(cfg.policies.map((p) => [p.metadata.name!, p]));
    const compiled = new Map<string, CompiledPolicy>();
    const out: Bound[] = [];
    const bindings = [...cfg.bindings].sort((x, y) => (x.metadata.name! < y.metadata.name! ? -1 : 1));
    for (const binding of bindings) {
      const spec = (binding['spec'] ?? {}) as BindingSpec;
      const policy = spec.policyName ? policies.get(spec.policyName) : undefined;
      if (!policy) continue;
      const policySpec = (policy['spec'] ?? {}) as PolicySpec;
      let c = compiled.get(policy.metadata.name!);
      if (!c) compiled.set(policy.metadata.name!, (c = compilePolicy(policySpec)));
      out.push({
        binding,
        spec,
        policy,
        policySpec,
        compiled: c,
        policyMatch: new Matcher(policySpec.matchConstraints ?? {}),
        bindingMatch: spec.matchResources ? new Matcher(spec.matchResources) : undefined,
      });
    }
    return out;
  }

  private evaluate(
    { evaluatePolicy }: Evaluator,
    b: Bound,
    a: AdmissionAttributes,
    request: ReturnType<typeof admissionRequest>,
    namespaceOf: (n: string) => KObject | undefined,
  ): Violation[] {
    const base = {
      object: request.object,
      oldObject: request.oldObject,
      request,
      namespaceObject: a.def.namespaced && a.namespace ? (namespaceOf(a.namespace) ?? null) : null,
      authorizer: authorizerOf(this.authorize, a),
    };
    const params = this.params(b, a);
    if ('error' in params) return b.compiled.failOpen && !params.always ? [] : [{ message: params.error, reason: 'Invalid' }];
    const out: Violation[] = [];
    for (const p of params.list) out.push(...(evaluatePolicy(b.compiled, { ...base, params: p }) ?? []));
    return out;
  }

  /** The params a binding's paramRef selects: [null] when the policy takes none. */
  private params(b: Bound, a: AdmissionAttributes): { list: unknown[] } | { error: string; always?: boolean } {
    const kind = b.policySpec.paramKind;
    if (!kind?.kind) return { list: [null] };
    const ref = b.spec.paramRef;
    if (!ref) return { error: 'failed to configure binding: paramRef is required when paramKind is set' };
    const [group, version] = splitApiVersion(kind.apiVersion ?? '');
    const def = this.catalogs.for(a.ctx.cluster).byKind(group, kind.kind);
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
      const one = this.store.get({ ...scope, name: ref.name });
      list = one ? [one] : [];
    } else {
      const sel = compileSelector(ref.selector);
      list = this.store.list(scope).items.filter((o) => !sel || sel.matches(o.metadata.labels));
    }
    if (list.length > 0) return { list };
    if (ref.parameterNotFoundAction === 'Deny') {
      return { error: 'failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction', always: true };
    }
    return { list: [] };
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** kube's reasonToCode: the reasons a validation may give, Invalid (422) for anything else. */
const REASON_CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, RequestEntityTooLarge: 413, Invalid: 422 };

/** kube's denial: admission.NewForbidden's message and details, the validation's reason and its code, the message as a cause. */
function policyDenial(a: AdmissionAttributes, b: Bound, v: Violation): StatusError {
  const message = `ValidatingAdmissionPolicy '${b.policy.metadata.name}' with binding '${b.binding.metadata.name}' denied request: ${v.message}`;
  const gr = groupResource(a.def);
  const name = a.name || a.object?.metadata.name || a.object?.metadata.generateName || 'Unknown';
  const details: { name: string; group?: string; kind: string; causes: Array<{ message: string }> } = {
    name,
    kind: gr.resource,
    causes: [{ message }],
  };
  if (gr.group) details.group = gr.group;
  return relayedStatus(REASON_CODES[v.reason] ?? 422, v.reason, `${qualifiedResource(gr)} "${name}" is forbidden: ${message}`, details);
}
