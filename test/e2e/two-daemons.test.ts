// Two control planes in one process (`startControlPlane({ inProcess: true })` twice) share nothing: each answers
// access reviews with its own authorizer, reviews tokens with its own keys, and serves on after the other stops.
// Anything process-global (an authorizer or token reviewer in a module variable) would make the second start
// answer for the first.
import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../src/index.js';

describe('two control planes in one process', () => {
  let a: ControlPlane;
  let b: ControlPlane;

  beforeAll(async () => {
    a = await startControlPlane({ inProcess: true });
    b = await startControlPlane({ inProcess: true });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  const canAliceGetConfigMaps = async (cp: ControlPlane) => {
    const review = await cp.kubeConfig.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
      body: { spec: { user: 'alice', resourceAttributes: { verb: 'get', resource: 'configmaps', namespace: 'default' } } },
    });
    return review.status?.allowed;
  };

  it('keeps their objects apart', async () => {
    await a.kubeConfig
      .makeApiClient(CoreV1Api)
      .createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'only-in-a' } } });
    const inB = await b.kubeConfig.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'default' });
    expect(inB.items.map((c) => c.metadata?.name)).not.toContain('only-in-a');
  });

  it('answers access reviews with its own authorizer', async () => {
    await a.kubeConfig.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        metadata: { name: 'alice-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      },
    });
    await expect.poll(() => canAliceGetConfigMaps(a)).toBe(true);
    expect(await canAliceGetConfigMaps(b)).toBe(false);
  });

  it('reviews tokens with its own keys', async () => {
    const token = await a.kubeConfig.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
      name: 'default',
      namespace: 'default',
      body: { spec: { audiences: [] } },
    });
    const review = (cp: ControlPlane) =>
      cp.kubeConfig.makeApiClient(AuthenticationV1Api).createTokenReview({ body: { spec: { token: token.status!.token } } });
    expect((await review(a)).status?.user?.username).toBe('system:serviceaccount:default:default');
    expect((await review(b)).status?.authenticated).toBeFalsy();
  });

  it('serves on when the other stops', async () => {
    await a.stop();
    const ns = await b.kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toContain('default');
  });
});
