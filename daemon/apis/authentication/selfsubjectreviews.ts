// authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): who the request was authenticated as.
import { defineReview } from '../../registry/review-strategy.js';

export const selfsubjectreviews = defineReview(
  { group: 'authentication.k8s.io', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', battery: 'authentication' },
  (_o, ctx) => {
    const userInfo: Record<string, unknown> = { username: ctx.user.username, groups: ctx.user.groups };
    if (ctx.user.uid) userInfo['uid'] = ctx.user.uid;
    if (ctx.user.extra) userInfo['extra'] = ctx.user.extra;
    return { userInfo };
  },
);
