// Admission: the hook point where API groups with server-side behaviour (tenancy, CRDs, namespaces) mutate or
// refuse writes, after generic validation and before storage — the same place kube runs its admission chain.
import type { KObject } from '../apimachinery/types.js';
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
}

export interface AdmissionPlugin {
  name: string;
  /** Which storage resources (`<group>/<plural>`) the plugin cares about; undefined = all. */
  resources?: ReadonlySet<string>;
  /** May mutate `attrs.object`; throws a StatusError to refuse. */
  admit?(attrs: AdmissionAttributes): void | Promise<void>;
  /** Runs after every mutation; throws a StatusError to refuse. */
  validate?(attrs: AdmissionAttributes): void | Promise<void>;
}

export class AdmissionChain {
  private readonly plugins: AdmissionPlugin[] = [];

  register(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  async run(attrs: AdmissionAttributes, storageResource: string): Promise<void> {
    for (const p of this.plugins) {
      if (p.admit && (!p.resources || p.resources.has(storageResource))) await p.admit(attrs);
    }
    for (const p of this.plugins) {
      if (p.validate && (!p.resources || p.resources.has(storageResource))) await p.validate(attrs);
    }
  }
}
