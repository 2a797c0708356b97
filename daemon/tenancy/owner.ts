// The Workspace owner annotation (experimental.tenancy.kcp.io/owner) holds the creator's whole user info until the
// workspace is Ready — its logical cluster's owner binding is made from it — then only the username, as kcp's
// workspace metadata reconciler leaves it: groups, uid and extra say more about a user than the workspace needs to keep.
import { ANN_OWNER } from '../apis/core-kcp/names.js';

/** The annotations of a Workspace turning Ready: the owner trimmed to `{"username":…}`, dropped if unreadable. */
export function ownerTrimmedOnceReady(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  const value = annotations?.[ANN_OWNER];
  if (value === undefined) return annotations;
  const { [ANN_OWNER]: _owner, ...rest } = annotations!;
  const username = usernameOf(value);
  if (username === null) return rest;
  // Go's json.Marshal of UserInfo{Username: u}: the username alone (omitempty), `{}` when there is none.
  return { ...rest, [ANN_OWNER]: JSON.stringify(username ? { username } : {}) };
}

/** The username of a UserInfo in JSON, '' when it has none, null when Go could not read it as a UserInfo. */
function usernameOf(value: string): string | null {
  let info: unknown;
  try {
    info = JSON.parse(value);
  } catch {
    return null;
  }
  if (info === null) return '';
  if (typeof info !== 'object' || Array.isArray(info)) return null;
  const username = (info as { username?: unknown }).username;
  if (username === undefined || username === null) return '';
  return typeof username === 'string' ? username : null;
}
