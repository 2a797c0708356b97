// kube's ServiceAccounts controller: every active namespace has a `default` ServiceAccount, created shortly after the
// namespace and again if it is deleted.
export const DEFAULT_SERVICE_ACCOUNT = 'default';

export interface ServiceAccountsDeps {
  /** Active: exists and is not terminating (the namespace controller is emptying a terminating one). */
  namespaceActive(cluster: string, namespace: string): boolean;
  hasServiceAccount(cluster: string, namespace: string, name: string): boolean;
  createServiceAccount(cluster: string, namespace: string, name: string): void;
}

export function ensureDefaultServiceAccount(
  deps: ServiceAccountsDeps,
  cluster: string,
  namespace: string,
): 'created' | 'present' | 'skipped' {
  if (!deps.namespaceActive(cluster, namespace)) return 'skipped';
  if (deps.hasServiceAccount(cluster, namespace, DEFAULT_SERVICE_ACCOUNT)) return 'present';
  deps.createServiceAccount(cluster, namespace, DEFAULT_SERVICE_ACCOUNT);
  return 'created';
}
