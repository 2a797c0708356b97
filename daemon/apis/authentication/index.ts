// authentication.k8s.io/v1 (kcp's `authentication` battery): reviews only.
import type { ResourceDef } from '../../registry/types.js';
import { selfsubjectreviews } from './selfsubjectreviews.js';
import { tokenReviews, type TokenReviewer } from './tokenreviews.js';

export type { TokenReviewer } from './tokenreviews.js';

export function authenticationResources(reviewToken?: TokenReviewer): ResourceDef[] {
  return [selfsubjectreviews, tokenReviews(reviewToken)];
}
