// TokenReview (authentication.k8s.io/v1): kube's tokenreview REST — the token is run through the same bearer-token
// authenticators requests use, with the audiences the review names (the API's own when it names none).
import { badRequest } from '../apimachinery/status.js';
import type { Authenticator } from './authn.js';

export interface TokenReviewSpec {
  token?: string;
  audiences?: string[] | null;
}

/** The review's status: who the token authenticates as and for which audiences, or why it does not. */
export function reviewToken(authn: Pick<Authenticator, 'authenticateToken'>, spec: TokenReviewSpec | undefined): Record<string, unknown> {
  const token = spec?.token ?? '';
  if (!token) throw badRequest('token is required for TokenReview in authentication');
  const result = authn.authenticateToken(token, spec?.audiences ?? undefined);
  if ('error' in result) return { user: {}, error: result.error };
  const { user } = result;
  const userInfo: Record<string, unknown> = { username: user.username };
  if (user.uid) userInfo['uid'] = user.uid;
  userInfo['groups'] = user.groups;
  if (user.extra && Object.keys(user.extra).length) userInfo['extra'] = user.extra;
  return { authenticated: true, user: userInfo, audiences: result.audiences };
}
