// The review kinds are strategies too: create-only, computed by what the daemon that built them lends them — so two
// daemons in one process answer each with its own authorizer and token authenticator.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { builtinResources } from '../index.js';
import { ALL_BATTERIES, type RequestContext, type ResourceDef } from '../../registry/types.js';
import type { Authorizer } from './access.js';

const alice = { username: 'alice', groups: ['devs'] };
const ctx: RequestContext = { cluster: 'c1', user: alice, now: new Date(), dryRun: false };

function kind(defs: ResourceDef[], k: string): ResourceDef {
  return defs.find((d) => d.kind === k)!;
}

function review(defs: ResourceDef[], k: string, spec: Record<string, unknown>): KObject {
  const computed = kind(defs, k).strategy.compute!(
    { apiVersion: 'authorization.k8s.io/v1', kind: k, metadata: { creationTimestamp: '2026-01-01T00:00:00Z' }, spec },
    ctx,
  );
  return computed as KObject;
}

/** An authorizer that allows one verb, and says so. */
const allowing = (verb: string): Authorizer => ({
  authorize: (a) =>
    a.verb === verb ? { allowed: true, reason: `${verb} is fine for ${a.user.username} in ${a.cluster}` } : { allowed: false },
  rulesFor: (cluster, user, namespace) => ({
    resourceRules: [{ verbs: [verb], resources: [`${cluster}/${user.username}/${namespace}`] }],
    nonResourceRules: [],
    incomplete: false,
  }),
});

describe('the review kinds', () => {
  const getOnly = builtinResources(new Set(ALL_BATTERIES), {
    authorizer: allowing('get'),
    reviewToken: (spec) => ({ authenticated: spec?.['token'] === 'one' }),
  });
  const listOnly = builtinResources(new Set(ALL_BATTERIES), {
    authorizer: allowing('list'),
    reviewToken: () => ({ authenticated: false, error: 'nobody' }),
  });

  it('are create-only and never stored', () => {
    for (const k of [
      'SelfSubjectReview',
      'TokenReview',
      'SelfSubjectAccessReview',
      'SubjectAccessReview',
      'LocalSubjectAccessReview',
      'SelfSubjectRulesReview',
    ]) {
      const d = kind(getOnly, k);
      expect(d.verbs).toEqual(['create']);
      expect('compute' in d.strategy).toBe(true);
    }
    expect(kind(getOnly, 'LocalSubjectAccessReview').namespaced).toBe(true);
  });

  it('answer each daemon with its own authorizer', () => {
    const ask = { resourceAttributes: { verb: 'get', resource: 'pods' } };
    expect(review(getOnly, 'SelfSubjectAccessReview', ask)['status']).toEqual({ allowed: true, reason: 'get is fine for alice in c1' });
    expect(review(listOnly, 'SelfSubjectAccessReview', ask)['status']).toEqual({ allowed: false });
    // SubjectAccessReviews ask about the user the spec names.
    expect(review(getOnly, 'SubjectAccessReview', { ...ask, user: 'bob' })['status']).toEqual({
      allowed: true,
      reason: 'get is fine for bob in c1',
    });
    expect(review(listOnly, 'LocalSubjectAccessReview', { resourceAttributes: { verb: 'list' }, user: 'carol' })['status']).toEqual({
      allowed: true,
      reason: 'list is fine for carol in c1',
    });
    expect(review(getOnly, 'SelfSubjectRulesReview', { namespace: 'ns' })['status']).toEqual({
      resourceRules: [{ verbs: ['get'], resources: ['c1/alice/ns'] }],
      nonResourceRules: [],
      incomplete: false,
    });
  });

  it("answer TokenReviews with each daemon's authenticator, and with an empty status without one", () => {
    expect(review(getOnly, 'TokenReview', { token: 'one' })['status']).toEqual({ authenticated: true });
    expect(review(listOnly, 'TokenReview', { token: 'one' })['status']).toEqual({ authenticated: false, error: 'nobody' });
    expect(review(builtinResources(new Set(ALL_BATTERIES)), 'TokenReview', { token: 'one' })['status']).toEqual({});
  });

  it('answer as kube does without an authorizer: privileged groups may do everything', () => {
    const defaults = builtinResources(new Set(ALL_BATTERIES));
    expect(review(defaults, 'SelfSubjectAccessReview', { resourceAttributes: { verb: 'get' } })['status']).toEqual({ allowed: false });
    const masters = kind(defaults, 'SelfSubjectAccessReview').strategy.compute!(
      { metadata: {}, spec: { resourceAttributes: { verb: 'get' } } },
      { ...ctx, user: { username: 'root', groups: ['system:masters'] } },
    ) as KObject;
    expect(masters['status']).toEqual({ allowed: true, reason: 'privileged group' });
  });

  it('return the review as sent, with a null creationTimestamp and the computed status', () => {
    const r = review(getOnly, 'SelfSubjectReview', {});
    expect(r.metadata.creationTimestamp).toBeNull();
    expect(r['status']).toEqual({ userInfo: { username: 'alice', groups: ['devs'] } });
    expect(r['spec']).toEqual({});
  });
});
