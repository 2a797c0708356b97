// What is being asked, in the terms authorizers reason about (k8s.io/apiserver authorizer.Attributes), derived from
// an HTTP request the way kube-apiserver's RequestInfoFactory and WithAuthorization filter derive them.
import type { UserInfo } from '../../registry/types.js';
import { parseRequestInfo, type RequestInfo } from '../../apimachinery/request-info.js';

export interface AuthorizationAttributes {
  /** The logical cluster the request addresses. */
  cluster: string;
  user: UserInfo;
  /** Resource verbs (get, list, watch, create, update, patch, delete, deletecollection, or special ones like `use`), or the lower-cased HTTP method for non-resource requests. */
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  /** The request path below the `/clusters/<name>` prefix (what nonResourceURLs rules match). */
  path: string;
}

export interface RequestDescription {
  cluster: string;
  user: UserInfo;
  method: string;
  /** Path below the cluster prefix, starting with `/`, without the query. */
  path: string;
  query?: URLSearchParams;
  /** Already parsed request, when the caller has one; parsed from method/path/query otherwise. */
  info?: RequestInfo;
}

export function attributesForRequest(req: RequestDescription): AuthorizationAttributes {
  const query = req.query ?? new URLSearchParams();
  const info = req.info ?? parseRequestInfo(req.method, req.path, query);
  const base = { cluster: req.cluster, user: req.user, path: req.path };
  if (info.kind !== 'resource') {
    // Discovery documents, OpenAPI, /version, /healthz…: kube treats all of these as non-resource URLs, verb = method.
    return nonResourceAttributes(req.cluster, req.user, { verb: req.method.toLowerCase(), path: req.path });
  }
  // kube leaves the verb empty for methods it has no verb for (OPTIONS, CONNECT…): only `*` rules match it.
  const verb = info.verb === 'proxy' ? '' : info.verb;
  let name = info.name ?? '';
  let namespace = info.namespace ?? '';
  // kube's RequestInfo gives /api/v1/namespaces/<n> the namespace <n>: a RoleBinding in <n> granting `get namespaces`
  // lets its subjects read their own namespace (the view/edit/admin roles rely on it).
  if (info.group === '' && info.resource === 'namespaces' && info.name !== undefined) namespace = info.name;
  // list/watch narrowed to one object by `fieldSelector=metadata.name=x` is authorized as that name, as kube's
  // RequestInfoFactory does, so resourceNames rules allow `kubectl get cm x -w`.
  if ((verb === 'list' || verb === 'watch') && name === '') name = nameFromFieldSelector(query.get('fieldSelector')) ?? '';
  return {
    ...base,
    verb,
    resourceRequest: true,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource ?? '',
    name,
    namespace,
  };
}

/**
 * The name a field selector pins with `metadata.name=x` / `metadata.name==x` (the first such term, as
 * fields.Selector.RequiresExactMatch), when it is a valid path segment name.
 */
export function nameFromFieldSelector(selector: string | null | undefined): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*(==|=)\s*(.*?)\s*$/.exec(term);
    if (!m) continue;
    const name = m[2]!;
    if (name === '' || name === '.' || name === '..' || /[/%]/.test(name)) return undefined;
    return name;
  }
  return undefined;
}

/** Attributes for an access review's resourceAttributes (SelfSubjectAccessReview and friends). */
export function resourceAttributes(
  cluster: string,
  user: UserInfo,
  a: { verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string; namespace?: string },
): AuthorizationAttributes {
  return {
    cluster,
    user,
    verb: a.verb ?? '',
    resourceRequest: true,
    apiGroup: a.group ?? '',
    apiVersion: a.version ?? '',
    resource: a.resource ?? '',
    subresource: a.subresource ?? '',
    name: a.name ?? '',
    namespace: a.namespace ?? '',
    path: '',
  };
}

/** Attributes for an access review's nonResourceAttributes. */
export function nonResourceAttributes(cluster: string, user: UserInfo, a: { verb?: string; path?: string }): AuthorizationAttributes {
  return {
    cluster,
    user,
    verb: a.verb ?? '',
    resourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    path: a.path ?? '',
  };
}
