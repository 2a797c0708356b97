// Which object a write is about is decided by its URL, never by its body: kube's handlers hold every update, patch
// and apply to the URL's namespace and name before anything is stored, so a body cannot move an object to
// another key (or forge one in another namespace).
import { badRequest } from '../apimachinery/status.js';
import type { ObjectMeta } from '../apimachinery/types.js';
import type { ResourceDef } from './types.js';

/**
 * rest.EnsureObjectNamespaceMatchesRequestNamespace: a namespaced object takes the request's namespace when it
 * names none and is refused when it names another; a cluster-scoped object has no namespace.
 */
export function ensureNamespace(def: Pick<ResourceDef, 'namespaced'>, requestNamespace: string, meta: ObjectMeta): void {
  if (!def.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace && meta.namespace !== requestNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta.namespace = requestNamespace;
}

/** The handlers' checkName: the object must carry the URL's name. */
export function checkName(meta: ObjectMeta, urlName: string): void {
  const name = meta.name;
  if (name === undefined || name === null || name === '') {
    throw badRequest(`the name of the object (${urlName} based on URL) was undeterminable: name must be provided`);
  }
  if (name !== urlName) throw badRequest(`the name of the object (${String(name)}) does not match the name on the URL (${urlName})`);
}

/** Both checks, in the order the update and patch handlers make them. */
export function checkIdentity(def: Pick<ResourceDef, 'namespaced'>, requestNamespace: string, urlName: string, meta: ObjectMeta): void {
  ensureNamespace(def, requestNamespace, meta);
  checkName(meta, urlName);
}
