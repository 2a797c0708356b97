// Who counts as "the system" in tenancy admission. kcp exempts system:masters (user.SystemPrivilegedGroup); kcpx
// also exempts system:kcp:admin, the operator group its admin kubeconfig carries (kcp binds it to cluster-admin in
// every workspace), so that operators keep the powers kcp's own admin has while tenants — workspace admins
// included, who hold cluster-admin only through RBAC in their workspace — never do.
import type { UserInfo } from '../registry/types.js';

export const SYSTEM_PRIVILEGED_GROUPS: ReadonlySet<string> = new Set(['system:masters', 'system:kcp:admin']);

export function isSystemPrivileged(user: UserInfo): boolean {
  return user.groups.some((g) => SYSTEM_PRIVILEGED_GROUPS.has(g));
}
