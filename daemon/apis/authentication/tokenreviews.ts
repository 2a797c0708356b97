// authentication.k8s.io/v1 TokenReview: what the daemon's authenticator makes of a token.
import { defineReview } from '../../registry/review-strategy.js';
import type { ResourceDef } from '../../registry/types.js';

/** Computes a TokenReview's status from its spec (daemon/auth/token-review.ts); throws a Status for a bad spec. */
export type TokenReviewer = (spec: Record<string, unknown> | undefined) => Record<string, unknown>;

/** Without an authenticator kube's TokenReview answers with an empty status. */
const noAuthenticator: TokenReviewer = () => ({});

export function tokenReviews(reviewToken: TokenReviewer = noAuthenticator): ResourceDef {
  return defineReview({ group: 'authentication.k8s.io', kind: 'TokenReview', plural: 'tokenreviews', battery: 'authentication' }, (o) =>
    reviewToken(o['spec'] as Record<string, unknown> | undefined),
  );
}
