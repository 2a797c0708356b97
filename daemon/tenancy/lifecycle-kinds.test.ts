import { describe, expect, it } from 'vitest';
import { isStatusError } from '../apimachinery/status.js';
import { initializerLabel } from '../apis/core-kcp/lifecycle-labels.js';
import { resourceAttributes, nonResourceAttributes, rule } from '../auth/rbac/index.js';
import {
  INITIALIZING,
  inLifecycle,
  lifecycleIdOf,
  lifecyclePermission,
  lifecycleSelector,
  TERMINATING,
  typeOfLifecycleId,
} from './lifecycle-kinds.js';

const user = { username: 'ctl', groups: [] };

describe('lifecycle ids', () => {
  it("name a WorkspaceType as kcp's TypeFrom does: split at the last colon", () => {
    expect(typeOfLifecycleId('root:org:mytype')).toEqual({ path: 'root:org', name: 'mytype' });
    expect(typeOfLifecycleId('root:universal')).toEqual({ path: 'root', name: 'universal' });
    expect(typeOfLifecycleId('nocolon')).toBeUndefined();
    expect(typeOfLifecycleId(':x')).toBeUndefined();
    expect(typeOfLifecycleId('root:')).toBeUndefined();
    expect(lifecycleIdOf('root:org', 'mytype')).toBe('root:org:mytype');
  });
});

describe('the LogicalClusters a lifecycle service shows', () => {
  it("are selected by the kind's phase and the id's hashed label", () => {
    const [key, value] = initializerLabel('root:a');
    expect(lifecycleSelector(INITIALIZING, 'root:a')).toBe(`tenancy.kcp.io/phase=Initializing,${key}=${value}`);
    expect(lifecycleSelector(TERMINATING, 'root:a')).toMatch(/^tenancy\.kcp\.io\/phase=Terminating,terminator\.internal\.kcp\.io\//);
  });

  it('are those in the phase with the id pending', () => {
    expect(inLifecycle(INITIALIZING, 'root:a', { status: { phase: 'Initializing', initializers: ['root:a'] } })).toBe(true);
    expect(inLifecycle(INITIALIZING, 'root:a', { status: { phase: 'Initializing', initializers: ['root:b'] } })).toBe(false);
    expect(inLifecycle(INITIALIZING, 'root:a', { status: { phase: 'Ready', initializers: ['root:a'] } })).toBe(false);
    expect(inLifecycle(TERMINATING, 'root:a', { status: { phase: 'Terminating', terminators: ['root:a'] } })).toBe(true);
    expect(inLifecycle(TERMINATING, 'root:a', { status: { phase: 'Terminating', initializers: ['root:a'] } })).toBe(false);
    expect(inLifecycle(TERMINATING, 'root:a', undefined)).toBe(false);
  });
});

describe('what a controller may change through the service', () => {
  const message = (err: unknown) => (isStatusError(err) ? err.status.message : undefined);

  it('initializers: nothing in the list, or exactly its own id removed', () => {
    expect(INITIALIZING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:a', 'root:b'])).toBeUndefined();
    expect(INITIALIZING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:b'])).toBeUndefined();
    const other = INITIALIZING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:a']);
    expect(message(other)).toBe(
      'LogicalCluster.tenancy.kcp.io "cluster" is invalid: status.initializers: Invalid value: ["root:a"]: only removing the "root:a" initializer is supported',
    );
    expect(INITIALIZING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], [])).toBeDefined();
    expect(INITIALIZING.updateErrors('root:a', 'cluster', ['root:a'], ['root:a', 'root:x'])).toBeDefined();
  });

  it('terminators: the same list, or exactly its own id removed and nothing added', () => {
    expect(TERMINATING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:a', 'root:b'])).toBeUndefined();
    expect(TERMINATING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:b'])).toBeUndefined();
    // Same length but swapped: kcp's terminator rule refuses what its initializer rule lets through.
    const swapped = TERMINATING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:a', 'root:c']);
    expect(message(swapped)).toBe(
      'LogicalCluster.core.kcp.io "cluster" is invalid: status.terminators: Invalid value: ["root:a","root:c"]: only removing the "root:a" terminator is supported',
    );
    expect(TERMINATING.updateErrors('root:a', 'cluster', ['root:a', 'root:b'], ['root:c'])).toBeDefined();
  });
});

describe("a WorkspaceType's initializerPermissions", () => {
  const rules = [rule(['get', 'list', 'create'], [''], ['configmaps']), rule(['get'], ['apis.kcp.io'], ['apibindings'], ['one'])];

  it('let a request through when a rule allows it', () => {
    const attrs = resourceAttributes('c', user, { verb: 'create', resource: 'configmaps', namespace: 'default' });
    expect(lifecyclePermission(attrs, rules)).toEqual({ allowed: true });
  });

  it("refuse it with kcp's reason otherwise", () => {
    const del = resourceAttributes('c', user, { verb: 'delete', resource: 'configmaps', name: 'x', namespace: 'default' });
    expect(lifecyclePermission(del, rules)).toEqual({
      allowed: false,
      reason: 'no rule allows delete on core/configmaps (x) in namespace default',
    });
    const other = resourceAttributes('c', user, { verb: 'get', group: 'apis.kcp.io', resource: 'apibindings', name: 'two' });
    expect(lifecyclePermission(other, rules)).toEqual({ allowed: false, reason: 'no rule allows get on apis.kcp.io/apibindings (two)' });
    const status = resourceAttributes('c', user, { verb: 'get', resource: 'configmaps', subresource: 'status' });
    expect(lifecyclePermission(status, rules)).toEqual({ allowed: false, reason: 'no rule allows get on core/configmaps/status' });
    expect(lifecyclePermission(nonResourceAttributes('c', user, { verb: 'get', path: '/api' }), rules)).toEqual({
      allowed: false,
      reason: 'no rule allows get on /api',
    });
  });
});
