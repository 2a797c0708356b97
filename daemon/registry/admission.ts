// Admission: kube's chain, in kube's order. Mutating plugins (`admit`: the tenancy rules, mutating webhooks) run on
// the object the kind's strategy prepared and before it is validated, so validation judges what they made of it;
// validating plugins (`validate`: RBAC escalation, ValidatingAdmissionPolicies, validating webhooks, quota) run after
// validation and may only refuse. Plugins run in the order they were registered.
import type { KObject } from '../apimachinery/types.js';
import { CLUSTER_ANNOTATION } from './meta.js';
import { ReinvocationContext } from './reinvocation.js';
import type { RequestContext, ResourceDef } from './types.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  def: ResourceDef;
  ctx: RequestContext;
  namespace: string;
  name: string;
  subresource?: string;
  /** The object to be stored (CREATE/UPDATE); mutable by mutating plugins. */
  object?: KObject;
  oldObject?: KObject;
  /** Warnings for the client (webhooks' and policies' `Warn`), added to the write's answer. */
  warnings?: string[];
  /** kube's reinvocation context, set by the chain's mutating phase. */
  reinvocation?: ReinvocationContext;
}

export interface AdmissionPlugin {
  name: string;
  /** Which storage resources (`<group>/<plural>`) the plugin cares about; undefined = all. */
  resources?: ReadonlySet<string>;
  /**
   * Runs again in kube's reinvocation pass when a reinvocable plugin changed the object (kcpx's in-tree mutations are
   * not reinvocable: they do not depend on what others made of the object).
   */
  reinvocable?: boolean;
  /** May mutate `attrs.object`; throws a StatusError to refuse. */
  admit?(attrs: AdmissionAttributes): void | Promise<void>;
  /** Runs after every mutation and the kind's validation; throws a StatusError to refuse. */
  validate?(attrs: AdmissionAttributes): void | Promise<void>;
}

export class AdmissionChain {
  private readonly plugins: AdmissionPlugin[] = [];

  register(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  /** The mutating phase. */
  async admit(attrs: AdmissionAttributes, storageResource: string): Promise<void> {
    // The logical cluster an object lives in is the system's: a mutation (a webhook's or a policy's patch replacing
    // metadata.annotations) cannot take kcp.io/cluster away, as kcp's storage sets it whatever the object says.
    const cluster = attrs.object?.metadata.annotations?.[CLUSTER_ANNOTATION];
    const reinvocation = (attrs.reinvocation = new ReinvocationContext());
    for (const p of this.plugins) {
      if (p.admit && (!p.resources || p.resources.has(storageResource))) await p.admit(attrs);
    }
    if (reinvocation.shouldReinvoke) {
      reinvocation.reinvoking = true;
      for (const p of this.plugins) {
        if (p.admit && p.reinvocable && (!p.resources || p.resources.has(storageResource))) await p.admit(attrs);
      }
    }
    const m = attrs.object?.metadata;
    if (cluster !== undefined && m && m.annotations?.[CLUSTER_ANNOTATION] !== cluster)
      m.annotations = { ...(m.annotations ?? {}), [CLUSTER_ANNOTATION]: cluster };
  }

  /** The validating phase. */
  async validate(attrs: AdmissionAttributes, storageResource: string): Promise<void> {
    for (const p of this.plugins) {
      if (p.validate && (!p.resources || p.resources.has(storageResource))) await p.validate(attrs);
    }
  }

  /** Both phases, for writes the kind does not validate in between (deletions). */
  async run(attrs: AdmissionAttributes, storageResource: string): Promise<void> {
    await this.admit(attrs, storageResource);
    await this.validate(attrs, storageResource);
  }
}
