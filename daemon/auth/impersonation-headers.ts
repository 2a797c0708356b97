// The Impersonate-* request headers (kube's transport.ImpersonateUserHeader and friends, as Node lower-cases them),
// apart from impersonation itself (impersonation.ts), which loads only for a request that carries one.
import type { IncomingHttpHeaders } from 'node:http';

export const IMPERSONATE_USER = 'impersonate-user';
export const IMPERSONATE_GROUP = 'impersonate-group';
export const IMPERSONATE_UID = 'impersonate-uid';
export const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';

/** Cheap test for the hot path: does the request carry any Impersonate-* header? (Node lower-cases names.) */
export function hasImpersonationHeaders(headers: IncomingHttpHeaders): boolean {
  for (const name in headers) {
    if (name.charCodeAt(0) === 105 /* i */ && name.startsWith('impersonate-')) return true;
  }
  return false;
}
