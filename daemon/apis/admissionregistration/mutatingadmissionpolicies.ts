// admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy (kcp's `admission` battery). kube 1.35 serves it in
// v1beta1 behind the MutatingAdmissionPolicy feature gate, off by default; kcpx, a generic control plane, serves it
// always. Defaulted and validated as kube does, its expressions compiled in the mutating CEL environment (loaded by
// prepare(), off the cold-start path); daemon/admission/mutating-policy evaluates it.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { lazyImport } from '../../support/lazy-import.js';
import { defaultMutatingPolicy, mutatingPolicyErrors } from './mutating-policy-validation.js';

type Cel = typeof import('../../admission/mutating-policy/cel.js');
const cel = lazyImport<Cel>(() => import('../../admission/mutating-policy/cel.js'));

class MutatingAdmissionPolicyStrategy extends BuiltinStrategy {
  prepare(): Promise<unknown> | undefined {
    return cel.loaded() ? undefined : cel.load();
  }

  override prepareForCreate(obj: KObject): void {
    defaultMutatingPolicy(obj);
  }

  override prepareForUpdate(obj: KObject): void {
    defaultMutatingPolicy(obj);
  }

  override validate(obj: KObject): FieldError[] {
    return this.errors(obj);
  }

  override validateUpdate(obj: KObject): FieldError[] {
    return this.errors(obj);
  }

  private errors(obj: KObject): FieldError[] {
    const loaded = cel.loaded();
    if (!loaded) throw new Error('a MutatingAdmissionPolicy was validated before its strategy was prepared');
    return mutatingPolicyErrors(obj, (e) => loaded.compileMutatingExpression(e).error);
  }
}

export const mutatingadmissionpolicies = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1beta1',
    kind: 'MutatingAdmissionPolicy',
    plural: 'mutatingadmissionpolicies',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1beta1.MutatingAdmissionPolicy',
  },
  (r) => new MutatingAdmissionPolicyStrategy(r, { generation: true }),
);
