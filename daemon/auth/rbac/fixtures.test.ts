// Builders shared by this directory's tests: RBAC objects as a client would store them, and an in-memory source.
// Named *.test.ts so the build leaves it out; its own checks at the bottom run only when this file is the test file
// (other test files import it, and must not re-run them).
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import type { UserInfo } from '../../registry/types.js';
import type { AuthorizationAttributes } from './attributes.js';
import type { PolicySource } from './rbac.js';

const G = 'rbac.authorization.k8s.io';

export interface RawRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

type SubjectSpec = { kind: string; name: string; namespace?: string };

export const user = (name: string): SubjectSpec => ({ kind: 'User', name });
export const group = (name: string): SubjectSpec => ({ kind: 'Group', name });
export const sa = (name: string, namespace?: string): SubjectSpec =>
  namespace === undefined ? { kind: 'ServiceAccount', name } : { kind: 'ServiceAccount', name, namespace };

export function clusterRole(
  name: string,
  rules: RawRule[],
  opts: { labels?: Record<string, string>; aggregate?: Array<Record<string, unknown>> } = {},
): KObject {
  const o: KObject = { apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: { name }, rules };
  if (opts.labels) o.metadata.labels = opts.labels;
  if (opts.aggregate) o['aggregationRule'] = { clusterRoleSelectors: opts.aggregate };
  return o;
}

export function role(namespace: string, name: string, rules: RawRule[]): KObject {
  return { apiVersion: `${G}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

export function clusterRoleBinding(name: string, roleName: string, subjects: SubjectSpec[]): KObject {
  return {
    apiVersion: `${G}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: G, kind: 'ClusterRole', name: roleName },
    subjects: subjects.map(subjectObject),
  };
}

export function roleBinding(namespace: string, name: string, ref: { kind: string; name: string }, subjects: SubjectSpec[]): KObject {
  return {
    apiVersion: `${G}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: G, kind: ref.kind, name: ref.name },
    subjects: subjects.map(subjectObject),
  };
}

function subjectObject(s: SubjectSpec): Record<string, string> {
  const o: Record<string, string> = { kind: s.kind, name: s.name };
  if (s.kind !== 'ServiceAccount') o['apiGroup'] = G;
  if (s.namespace !== undefined) o['namespace'] = s.namespace;
  return o;
}

export function logicalCluster(phase = 'Ready', annotations?: Record<string, string>): KObject {
  const o: KObject = { apiVersion: 'core.kcp.io/v1alpha1', kind: 'LogicalCluster', metadata: { name: 'cluster' }, status: { phase } };
  if (annotations) o.metadata.annotations = annotations;
  return o;
}

const RESOURCE_OF_KIND: Record<string, string> = {
  ClusterRole: `${G}/clusterroles`,
  ClusterRoleBinding: `${G}/clusterrolebindings`,
  Role: `${G}/roles`,
  RoleBinding: `${G}/rolebindings`,
  LogicalCluster: 'core.kcp.io/logicalclusters',
};

/** An in-memory PolicySource that also counts list calls, to observe caching. */
export class MemorySource implements PolicySource {
  readonly objects = new Map<string, KObject[]>();
  calls = 0;

  add(cluster: string, ...objs: KObject[]): this {
    for (const o of objs) {
      const key = `${cluster}|${RESOURCE_OF_KIND[o.kind!]}`;
      const l = this.objects.get(key) ?? [];
      l.push(o);
      this.objects.set(key, l);
    }
    return this;
  }

  remove(cluster: string, kind: string, name: string): void {
    const key = `${cluster}|${RESOURCE_OF_KIND[kind]}`;
    this.objects.set(
      key,
      (this.objects.get(key) ?? []).filter((o) => o.metadata.name !== name),
    );
  }

  list(cluster: string, resource: string, namespace?: string): KObject[] {
    this.calls++;
    const all = this.objects.get(`${cluster}|${resource}`) ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }
}

export function u(username: string, ...groups: string[]): UserInfo {
  return { username, groups: [...groups, 'system:authenticated'] };
}

/** Resource request attributes with defaults. */
export function res(
  userInfo: UserInfo,
  verb: string,
  resource: string,
  opts: { group?: string; namespace?: string; name?: string; subresource?: string; cluster?: string; version?: string } = {},
): AuthorizationAttributes {
  return {
    cluster: opts.cluster ?? 'c1',
    user: userInfo,
    verb,
    resourceRequest: true,
    apiGroup: opts.group ?? '',
    apiVersion: opts.version ?? 'v1',
    resource,
    subresource: opts.subresource ?? '',
    name: opts.name ?? '',
    namespace: opts.namespace ?? '',
    path: '',
  };
}

/** Non-resource request attributes. */
export function url(userInfo: UserInfo, verb: string, path: string, cluster = 'c1'): AuthorizationAttributes {
  return {
    cluster,
    user: userInfo,
    verb,
    resourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    path,
  };
}

if (expect.getState().testPath?.endsWith('fixtures.test.ts')) {
  describe('test fixtures', () => {
    it('MemorySource lists per cluster, resource and namespace', () => {
      const src = new MemorySource()
        .add('c1', role('a', 'r1', []), role('b', 'r2', []), clusterRole('x', []))
        .add('c2', role('a', 'r3', []));
      expect(src.list('c1', 'rbac.authorization.k8s.io/roles').map((o) => o.metadata.name)).toEqual(['r1', 'r2']);
      expect(src.list('c1', 'rbac.authorization.k8s.io/roles', 'b').map((o) => o.metadata.name)).toEqual(['r2']);
      expect(src.list('c2', 'rbac.authorization.k8s.io/clusterroles')).toEqual([]);
      src.remove('c1', 'Role', 'r1');
      expect(src.list('c1', 'rbac.authorization.k8s.io/roles').map((o) => o.metadata.name)).toEqual(['r2']);
    });

    it('binding builders write ServiceAccount subjects without apiGroup, as kubectl does', () => {
      const b = roleBinding('ns', 'rb', { kind: 'Role', name: 'r' }, [sa('robot'), user('alice'), group('devs')]);
      expect(b['subjects']).toEqual([
        { kind: 'ServiceAccount', name: 'robot' },
        { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
      ]);
    });
  });
}
