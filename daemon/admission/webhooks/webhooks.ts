// Mutating and validating admission webhooks (k8s.io/apiserver's admission/plugin/webhook): each configuration of
// the request's logical cluster is matched by its rules, selectors and matchConditions, then called with an
// AdmissionReview. Mutating webhooks run one after another in the mutating phase, their JSON patches applied in
// turn (and those with `reinvocationPolicy: IfNeeded` called once more, in the chain's reinvocation pass, when a
// later webhook or policy changed the object);
// validating webhooks run together in the validating phase. A webhook that cannot be called, or answers wrongly,
// fails the request or is ignored as its failurePolicy says.
import { applyJsonPatch, jsonEqual } from '../../apimachinery/jsonpatch.js';
import type { LabelSelector } from '../../apimachinery/labels.js';
import { badRequest, internalError, StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import { ReinvocationContext } from '../../registry/reinvocation.js';
import { asTypedObject } from '../../registry/typemeta.js';
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
import { admissionRequest, type AdmissionRequest } from '../request/request.js';
import { deniedBy, reviewBody, reviewVersion, verifyResponse } from './review.js';
import type { WebhookClient } from '../../support/webhook-client.js';

const cel = lazyImport(() => import('../cel/expressions.js'));

interface WebhookSpec {
  name: string;
  clientConfig?: { url?: string; caBundle?: string; service?: { name?: string; namespace?: string } };
  rules?: RuleWithOperations[];
  failurePolicy?: string;
  sideEffects?: string;
  timeoutSeconds?: number;
  admissionReviewVersions?: string[];
  namespaceSelector?: Parameters<typeof compileSelector>[0];
  objectSelector?: Parameters<typeof compileSelector>[0];
  matchConditions?: Array<{ name: string; expression: string }>;
  reinvocationPolicy?: string;
}

/** A webhook as configured, with its selectors parsed once per configuration change. */
interface Webhook {
  spec: WebhookSpec;
  /** `<configuration>/<webhook>`: two configurations may name their webhooks alike. */
  id: string;
  failOpen: boolean;
  namespaceSelector: LabelSelector | undefined;
  objectSelector: LabelSelector | undefined;
}

function compile(configs: readonly KObject[]): Webhook[] {
  const out: Webhook[] = [];
  for (const c of configs) {
    for (const spec of (c['webhooks'] ?? []) as Array<WebhookSpec | null>) {
      // Stored configurations are validated, but one stored before validation may hold anything.
      if (spec === null || typeof spec !== 'object') continue;
      out.push({
        spec,
        id: `${c.metadata.name}/${spec.name}`,
        failOpen: spec.failurePolicy === 'Ignore',
        namespaceSelector: compileSelector(spec.namespaceSelector),
        objectSelector: compileSelector(spec.objectSelector),
      });
    }
  }
  // kube calls webhooks in the order of their configurations' names, then of the webhooks in each
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

class CallFailure extends Error {}

export class WebhookDispatcher {
  constructor(
    private readonly configs: AdmissionConfigurations,
    private readonly store: Store,
    private readonly client: WebhookClient,
  ) {}

  /** The webhooks of `kind` configured in the request's cluster that the request matches (without matchConditions). */
  matching(a: AdmissionAttributes, kind: 'mutating' | 'validating'): Webhook[] {
    if (exemptFromAdmission(a)) return [];
    const cfg = this.configs.of(a.ctx.cluster);
    if (!cfg) return [];
    const hooks = this.hooksOf(cfg, kind);
    if (hooks.length === 0) return [];
    const facts: RequestFacts = factsOf(a);
    const namespaceOf = (name: string) => this.store.get({ cluster: a.ctx.cluster, resource: '/namespaces', namespace: '', name });
    return hooks.filter(
      (h) =>
        anyRuleMatches(h.spec.rules, facts) &&
        objectSelectorMatches(h.objectSelector, a) &&
        namespaceSelectorMatches(h.namespaceSelector, a, namespaceOf),
    );
  }

  private hooksOf(cfg: ClusterConfigurations, kind: 'mutating' | 'validating'): Webhook[] {
    return kind === 'mutating'
      ? cfg.memo('mutating-webhooks', () => compile(cfg.mutatingWebhooks))
      : cfg.memo('validating-webhooks', () => compile(cfg.validatingWebhooks));
  }

  /**
   * Calls one webhook; resolves with its answer, or undefined when it does not apply (a matchCondition is false) or
   * failed open. Throws kube's Status for a refusal or a failure that fails closed.
   */
  async call(h: Webhook, a: AdmissionAttributes, mutating: boolean): Promise<{ patch?: unknown[] } | undefined> {
    const name = h.spec.name;
    try {
      const request = admissionRequest(a);
      if (!(await this.conditionsHold(h, request))) return undefined;
      if (a.ctx.dryRun && h.spec.sideEffects !== 'None' && h.spec.sideEffects !== 'NoneOnDryRun') {
        throw badRequest(`admission webhook "${name}" does not support dry run`);
      }
      const version = reviewVersion(h.spec.admissionReviewVersions);
      if (!version) {
        throw new CallFailure(
          `failed calling webhook "${name}": webhook does not accept known AdmissionReview versions: ${JSON.stringify(h.spec.admissionReviewVersions ?? [])}`,
        );
      }
      const url = h.spec.clientConfig?.url;
      if (!url) {
        throw new CallFailure(
          `failed calling webhook "${name}": failed to call webhook: a service reference cannot be called: kcpx serves no Services (use clientConfig.url)`,
        );
      }
      let answer: unknown;
      try {
        answer = await this.client.post(url, h.spec.clientConfig?.caBundle, reviewBody(version, request), h.spec.timeoutSeconds ?? 10);
      } catch (err) {
        throw new CallFailure(`failed calling webhook "${name}": failed to call webhook: ${(err as Error).message}`);
      }
      let response;
      try {
        response = verifyResponse(version, request.uid, mutating, answer);
      } catch (err) {
        throw new CallFailure(`failed calling webhook "${name}": received invalid webhook response: ${(err as Error).message}`);
      }
      if (response.warnings.length) (a.warnings ??= []).push(...response.warnings);
      if (!response.allowed) throw deniedBy(name, response.status);
      return response.patch ? { patch: response.patch } : {};
    } catch (err) {
      if (err instanceof CallFailure) {
        if (h.failOpen) return undefined;
        throw internalError(err);
      }
      throw err;
    }
  }

  private async conditionsHold(h: Webhook, request: AdmissionRequest): Promise<boolean> {
    const conditions = h.spec.matchConditions ?? [];
    if (conditions.length === 0) return true;
    const { compileExpression, toCEL } = cel.loaded() ?? (await cel.load());
    const vars = { object: toCEL(request.object), oldObject: toCEL(request.oldObject), request: toCEL(request) };
    let failed: string | undefined;
    for (const c of conditions) {
      try {
        if (compileExpression(c.expression).evaluate(vars) !== true) return false;
      } catch (err) {
        failed ??= `failed to evaluate match condition "${c.name}": ${(err as Error).message}`;
      }
    }
    // kube: any false condition skips the webhook; otherwise an error is a call failure
    if (failed) throw new CallFailure(`failed calling webhook "${h.spec.name}": ${failed}`);
    return true;
  }
}

/** Replaces an object's contents in place: the write pipeline holds it by reference. */
export function replaceContents(target: KObject, source: KObject): void {
  for (const k of Object.keys(target)) delete (target as Record<string, unknown>)[k];
  Object.assign(target, source);
}

export class MutatingWebhooks implements AdmissionPlugin {
  readonly name = 'MutatingAdmissionWebhook';
  readonly reinvocable = true;

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    const hooks = this.dispatcher.matching(a, 'mutating');
    if (hooks.length === 0) return;
    const obj = a.object;
    if (!obj) {
      // a deletion: nothing to patch, but the webhooks are asked (and may refuse)
      for (const h of hooks) await this.dispatcher.call(h, a, true);
      return;
    }
    // kube's reinvocation: a change asks the chain for a second pass, in which the webhooks that asked for it
    // (IfNeeded) and ran before a change are called once more
    const ctx = (a.reinvocation ??= new ReinvocationContext());
    const mine = ctx.of(this.name);
    mine.begin(obj, ctx.reinvoking);
    try {
      for (const h of hooks) {
        const key = h.id;
        if (ctx.reinvoking && !mine.shouldReinvoke(key)) continue;
        if (await this.run(h, a, obj)) {
          mine.requirePrevious();
          ctx.shouldReinvoke = true;
        }
        mine.invoked(key, h.spec.reinvocationPolicy === 'IfNeeded');
      }
    } finally {
      mine.end(obj);
    }
  }

  /** Calls one webhook and applies its patch; true when it changed the object. */
  private async run(h: Webhook, a: AdmissionAttributes, obj: KObject): Promise<boolean> {
    const r = await this.dispatcher.call(h, a, true);
    if (!r?.patch?.length) return false;
    let patched: KObject;
    try {
      patched = applyJsonPatch(structuredClone(obj), r.patch) as unknown as KObject;
    } catch (err) {
      throw internalError(`failed calling webhook "${h.spec.name}": JSON patch failed: ${(err as Error).message}`);
    }
    // kube decodes the patched object into its kind again (and a custom resource is pruned and defaulted by its
    // schema), so a webhook cannot store what no client could send
    try {
      patched = asTypedObject(patched, a.def);
      a.def.strategy.decodeFields(patched, false);
    } catch (err) {
      throw internalError(`failed calling webhook "${h.spec.name}": the patched object does not decode: ${(err as Error).message}`);
    }
    const changed = !jsonEqual(obj, patched);
    replaceContents(obj, patched);
    return changed;
  }
}

export class ValidatingWebhooks implements AdmissionPlugin {
  readonly name = 'ValidatingAdmissionWebhook';

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  async validate(a: AdmissionAttributes): Promise<void> {
    const hooks = this.dispatcher.matching(a, 'validating');
    if (hooks.length === 0) return;
    // called together; the first refusal in webhook order is the answer, as kube's errs[0]
    const results = await Promise.allSettled(hooks.map((h) => this.dispatcher.call(h, a, false)));
    for (const r of results) {
      if (r.status === 'rejected') throw r.reason instanceof StatusError ? r.reason : internalError(r.reason);
    }
  }
}
