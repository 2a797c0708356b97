// Requests to the `*` logical cluster: kcp serves cross-cluster lists and watches there, nothing else
// (kcp's WithWildcardListWatchGuard). A write would otherwise land in a phantom cluster named `*`.
import { methodNotAllowedMessage, qualifiedResource } from '../apimachinery/status.js';
import { parseRequestInfo } from '../apimachinery/request-info.js';

const WILDCARD_VERBS: ReadonlySet<string> = new Set(['list', 'watch']);

/** Throws kcp's 405 for a resource request in `*` that is not a list or a watch; discovery and the like pass. */
export function checkWildcardRequest(method: string, path: string, query: URLSearchParams): void {
  const info = parseRequestInfo(method, path, query);
  if (info.kind !== 'resource' || WILDCARD_VERBS.has(info.verb)) return;
  const gr = { group: info.group, resource: info.resource };
  // kube's RequestInfo has no verb for methods it does not map (the empty string); kcpx calls them `proxy`.
  const verb = info.verb === 'proxy' ? '' : info.verb;
  throw methodNotAllowedMessage(
    gr,
    `${verb} is not supported on resources of kind "${qualifiedResource(gr)}" in the \`*\` logical cluster`,
  );
}
