// Objects of a resource stored as another resource (ResourceIdentity.storedAs: events.k8s.io Events are core Events)
// cross the storage boundary through its strategy: what the verbs read is converted to this resource's form before
// anything looks at it, and what they write back to the stored form. Every other resource is stored as it is served
// (a custom resource's other versions only change apiVersion, which `served` does on the way out), and passes as is —
// unless its strategy converts through a round trip (a CRD's conversion webhook: see ObjectConverter), which the
// `…Converted` forms below wait for, and only then.
import type { KObject } from '../apimachinery/types.js';
import type { ResourceDef } from './types.js';

export function fromStorage(def: ResourceDef, stored: KObject): KObject;
export function fromStorage(def: ResourceDef, stored: KObject | undefined): KObject | undefined;
export function fromStorage(def: ResourceDef, stored: KObject | undefined): KObject | undefined {
  return def.storedAs && stored ? def.strategy.served(stored) : stored;
}

export function toStorage(def: ResourceDef, obj: KObject): KObject {
  return def.storedAs ? def.strategy.toStorage(obj) : obj;
}

/** `fromStorage`, through the kind's converter when it has one (a promise then, the object itself otherwise). */
export function fromStorageConverted(def: ResourceDef, stored: KObject): KObject | Promise<KObject> {
  const converter = def.strategy.converter;
  return converter ? converter.toServed([stored]).then((objs) => objs[0]!) : fromStorage(def, stored);
}

/** `toStorage`, through the kind's converter when it has one (a promise then, the object itself otherwise). */
export function toStorageConverted(def: ResourceDef, obj: KObject): KObject | Promise<KObject> {
  const converter = def.strategy.converter;
  return converter ? converter.toStorage(obj) : toStorage(def, obj);
}
