// Turns an API path (after the /clusters/<x> prefix) into what is being asked, as kube-apiserver's
// RequestInfoFactory does: discovery, OpenAPI, non-resource URLs, or a verb on a resource.
/** The verbs of kube's resource requests (RequestInfo), which RBAC rules name. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export type RequestVerb = Verb | 'proxy';

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: RequestVerb;
}

export type RequestInfo =
  | ResourceRequest
  | { kind: 'api-versions' }
  | { kind: 'api-groups' }
  | { kind: 'api-group'; group: string }
  | { kind: 'api-resources'; group: string; version: string }
  | { kind: 'openapi-v3-index' }
  | { kind: 'openapi-v3'; gv: string }
  | { kind: 'openapi-v2' }
  | { kind: 'non-resource'; path: string };

/** `namespaces/<ns>/status|finalize` are subresources of the namespace, not a resource inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'openapi') {
    if (parts[1] === 'v3') return parts.length === 2 ? { kind: 'openapi-v3-index' } : { kind: 'openapi-v3', gv: parts.slice(2).join('/') };
    if (parts[1] === 'v2' && parts.length === 2) return { kind: 'openapi-v2' };
    return { kind: 'non-resource', path };
  }
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'api-versions' };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'api-groups' };
    if (parts.length === 2) return { kind: 'api-group', group: parts[1]! };
    group = parts[1]!;
    rest = parts.slice(2);
  } else {
    return { kind: 'non-resource', path };
  }
  const version = rest[0]!;
  let cur = rest.slice(1);
  if (cur.length === 0) return { kind: 'api-resources', group, version };

  let watchPrefix = false;
  if (cur[0] === 'watch') {
    watchPrefix = true;
    cur = cur.slice(1);
  }
  let namespace: string | undefined;
  if (cur[0] === 'namespaces' && cur.length > 1) {
    namespace = cur[1];
    if (cur.length > 2 && !NAMESPACE_SUBRESOURCES.has(cur[2]!)) cur = cur.slice(2);
  }
  const resource = cur[0]!;
  const name = cur[1];
  const subresource = cur.length > 2 ? cur.slice(2).join('/') : undefined;
  const info: ResourceRequest = { kind: 'resource', group, version, resource, verb: verbOf(method, name, watchPrefix, query) };
  // For the namespaces resource itself, the "namespace" of /namespaces/<n> is the object's own name.
  if (namespace !== undefined && !(resource === 'namespaces' && group === '')) info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  return info;
}

function verbOf(method: string, name: string | undefined, watchPrefix: boolean, query: URLSearchParams): RequestVerb {
  switch (method) {
    case 'GET':
    case 'HEAD': {
      // kube reads `watch` as a query bool: present with any value but "false" or "0" makes a watch.
      const w = query.get('watch');
      if (watchPrefix || (w !== null && w !== '0' && w.toLowerCase() !== 'false')) return 'watch';
      return name === undefined ? 'list' : 'get';
    }
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name === undefined ? 'deletecollection' : 'delete';
    default:
      return 'proxy';
  }
}
