// The ValidatingAdmissionPolicy plugin: every binding of the request's logical cluster whose policy (and own
// matchResources) matches the request is evaluated, once per param its paramRef finds, and its failures acted on as
// its validationActions say — Deny refuses with kube's message (the first denial), Warn answers with a warning,
// Audit has no audit log to go to.
import type { Authorize } from '../cel/authorizer.js';
import { qualifiedResource, relayedStatus, type StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import type { Catalogs } from '../../registry/catalog.js';
import { groupResource } from '../../registry/keys.js';
import { lazyImport } from '../../support/lazy-import.js';
import type { Store } from '../../storage/store.js';
import type { AdmissionConfigurations, ClusterConfigurations } from '../config/configurations.js';
import { exemptFromAdmission, factsOf } from '../request/matching.js';
import { admissionRequest } from '../request/request.js';
import { authorizerOf, bindPolicies, collectParams, type BoundPolicy, type CollectedParams, type PolicyBindingSpec } from './bindings.js';
import type { CompiledPolicy, PolicySpec, Violation } from './evaluate.js';

const evaluation = lazyImport(() => import('./evaluate.js'));
type Evaluator = typeof import('./evaluate.js');

interface BindingSpec extends PolicyBindingSpec {
  validationActions?: string[];
}

type Bound = BoundPolicy<BindingSpec, PolicySpec, CompiledPolicy>;

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
    return bindPolicies<BindingSpec, PolicySpec, CompiledPolicy>(cfg.policies, cfg.bindings, compilePolicy);
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

  private params(b: Bound, a: AdmissionAttributes): CollectedParams {
    return collectParams(this.store, this.catalogs, a, b.policySpec.paramKind, b.spec.paramRef);
  }
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
