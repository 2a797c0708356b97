// The status subresource (`<plural>/<name>/status`): read as the object, written as the object of which only the
// status (and the managed fields that record the write) may change — kube's status strategies, which embed their
// kind's strategy for everything else.
import type { KObject } from '../apimachinery/types.js';
import { clone } from './meta.js';
import { verbs } from './lazy-verbs.js';
import type { SubresourceHandler, UpdateStrategy } from './strategy.js';

/** The status subresource of a kind whose strategy is `main`. */
export function statusSubresource(main: UpdateStrategy): SubresourceHandler {
  const updateStrategy: UpdateStrategy = {
    resetFields(desired: KObject, old: KObject): KObject {
      const next = clone(old);
      if ('status' in desired) next['status'] = desired['status'];
      else delete next['status'];
      next.metadata.managedFields = desired.metadata.managedFields ?? old.metadata.managedFields;
      next.metadata.resourceVersion = desired.metadata.resourceVersion;
      return next;
    },
    prepareForUpdate: (obj, old, ctx) => main.prepareForUpdate(obj, old, ctx),
    validateUpdate: (obj, old, ctx) => main.validateUpdate(obj, old, ctx),
  };
  return {
    verbs: ['get', 'patch', 'update'],
    updateStrategy,
    get: async (reg, call) => (await verbs.load()).get(reg, call),
    update: async (reg, call) => (await verbs.load()).update(reg, call),
    patch: async (reg, call) => (await verbs.load()).patch(reg, call),
  };
}
