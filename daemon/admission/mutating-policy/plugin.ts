// The MutatingAdmissionPolicy plugin (k8s.io/apiserver's admission/plugin/policy/mutating), in the mutating phase
// before the mutating webhooks, as kube orders them: every binding of the request's logical cluster whose policy (and
// own matchResources) matches the request is invoked once per param its paramRef finds, its mutations changing the
// object in turn. Errors (params that cannot be found, matchConditions or mutations that fail) refuse the request
// unless the policy's failurePolicy is Ignore, in kube's words; a change asks the chain to reinvoke the policies
// with `reinvocationPolicy: IfNeeded` that ran before it.
import { jsonEqual } from '../../apimachinery/jsonpatch.js';
import { internalError, relayedStatus, type StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import type { Catalogs } from '../../registry/catalog.js';
import { groupResource } from '../../registry/keys.js';
import { ReinvocationContext } from '../../registry/reinvocation.js';
import { schemaOf } from '../../registry/schema-lookup.js';
import { asTypedObject } from '../../registry/typemeta.js';
import { lazyImport } from '../../support/lazy-import.js';
import type { Store } from '../../storage/store.js';
import type { Authorize } from '../cel/authorizer.js';
import type { AdmissionConfigurations, ClusterConfigurations } from '../config/configurations.js';
import { authorizerOf, bindPolicies, collectParams, type BoundPolicy, type PolicyBindingSpec } from '../policy/bindings.js';
import { exemptFromAdmission, factsOf } from '../request/matching.js';
import { admissionRequest } from '../request/request.js';
import { replaceContents } from '../webhooks/webhooks.js';
import type { CompiledMutatingPolicy, MutatingPolicySpec } from './evaluate.js';

const evaluation = lazyImport(() => import('./evaluate.js'));
type Evaluator = typeof import('./evaluate.js');

type Bound = BoundPolicy<PolicyBindingSpec, MutatingPolicySpec, CompiledMutatingPolicy>;

/** One failure of a (policy, binding): `reason` Invalid for evaluation errors, none for misconfiguration. */
interface PolicyError {
  b: Bound;
  message: string;
  reason?: string;
}

export class MutatingAdmissionPolicies implements AdmissionPlugin {
  readonly name = 'MutatingAdmissionPolicy';
  readonly reinvocable = true;

  constructor(
    private readonly configs: AdmissionConfigurations,
    private readonly store: Store,
    private readonly catalogs: Catalogs,
    private readonly authorize: Authorize,
  ) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    // a deletion has no object to mutate (and policies may not match DELETE)
    const obj = a.object;
    if (!obj || exemptFromAdmission(a)) return;
    const cfg = this.configs.of(a.ctx.cluster);
    if (!cfg?.mutatingBindings.length || !cfg.mutatingPolicies.length) return;
    const evaluator = evaluation.loaded() ?? (await evaluation.load());
    const bound = cfg.memo('mutating-policies', () => bind(cfg, evaluator));
    if (bound.length === 0) return;
    const facts = factsOf(a);
    const namespaceOf = (name: string) => this.store.get({ cluster: a.ctx.cluster, resource: '/namespaces', namespace: '', name });
    const ctx = (a.reinvocation ??= new ReinvocationContext());
    const mine = ctx.of(this.name);
    const errors: PolicyError[] = [];
    mine.begin(obj, ctx.reinvoking);
    try {
      for (const b of bound) {
        if (!b.policyMatch.matches(a, facts, namespaceOf, true)) continue;
        if (b.bindingMatch && !b.bindingMatch.matches(a, facts, namespaceOf, false)) continue;
        const params = collectParams(this.store, this.catalogs, a, b.policySpec.paramKind, b.spec.paramRef);
        if ('error' in params) {
          errors.push({ b, message: params.error });
          continue;
        }
        for (const param of params.list) {
          const key = invocationKey(b, param as KObject | null);
          if (ctx.reinvoking && !mine.shouldReinvoke(key)) continue;
          const outcome = this.invoke(evaluator, b, a, obj, param, namespaceOf);
          if (!outcome.matched) continue;
          for (const message of outcome.errors) errors.push({ b, message, reason: 'Invalid' });
          if (!jsonEqual(obj, outcome.object)) {
            replaceContents(obj, outcome.object);
            mine.requirePrevious();
            ctx.shouldReinvoke = true;
          }
          mine.invoked(key, b.compiled.ifNeeded);
        }
      }
    } finally {
      mine.end(obj);
    }
    const failing = errors.filter((e) => !e.b.compiled.failOpen);
    if (failing.length) throw policyErrors(a, failing);
  }

  private invoke(
    { mutate }: Evaluator,
    b: Bound,
    a: AdmissionAttributes,
    obj: KObject,
    params: unknown,
    namespaceOf: (n: string) => KObject | undefined,
  ): ReturnType<Evaluator['mutate']> {
    const request = admissionRequest(a);
    const input = {
      object: obj,
      oldObject: request.oldObject,
      request,
      params,
      namespaceObject: a.def.namespaced && a.namespace ? (namespaceOf(a.namespace) ?? null) : null,
      authorizer: authorizerOf(this.authorize, a),
    };
    return mutate(b.compiled, input, schemaOf(a.def), (patched) => decodeAs(a, b, patched));
  }
}

function bind(cfg: ClusterConfigurations, { compileMutatingPolicy }: Evaluator): Bound[] {
  return bindPolicies<PolicyBindingSpec, MutatingPolicySpec, CompiledMutatingPolicy>(
    cfg.mutatingPolicies,
    cfg.mutatingBindings,
    compileMutatingPolicy,
  );
}

/** kube's invocation key: policy, binding and param. */
function invocationKey(b: Bound, param: KObject | null): string {
  const p = param ? `${param.metadata.namespace ?? ''}/${param.metadata.name ?? ''}` : '';
  return `${b.policy.metadata.name}\u0000${b.binding.metadata.name}\u0000${p}`;
}

/** A mutated object decoded into its kind again (a custom resource pruned and defaulted), as kube decodes it. */
function decodeAs(a: AdmissionAttributes, b: Bound, patched: KObject): KObject {
  try {
    const typed = asTypedObject(patched, a.def);
    a.def.strategy.decodeFields(typed, false);
    return typed;
  } catch (err) {
    throw internalError(`policy '${b.policy.metadata.name}' with binding '${b.binding.metadata.name}': ${(err as Error).message}`);
  }
}

/** kube's refusal: admission.NewForbidden's status and details, the first error as its message, all as causes. */
function policyErrors(a: AdmissionAttributes, errors: PolicyError[]): StatusError {
  const messages = errors.map(
    (e) => `policy '${e.b.policy.metadata.name}' with binding '${e.b.binding.metadata.name}' denied request: ${e.message}`,
  );
  const gr = groupResource(a.def);
  const name = a.name || a.object?.metadata.name || a.object?.metadata.generateName || 'Unknown';
  const details: { name: string; group?: string; kind: string; causes: Array<{ message: string }> } = {
    name,
    kind: gr.resource,
    causes: messages.map((message) => ({ message })),
  };
  if (gr.group) details.group = gr.group;
  return relayedStatus(403, errors[0]!.reason ?? 'Forbidden', messages[0]!, details);
}
