import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { AdmissionAttributes, Operation } from '../registry/admission.js';
import type { ResourceDef, UserInfo } from '../registry/types.js';
import { LogicalClusterAdmission } from './logical-cluster-admission.js';

const tenant: UserInfo = { username: 'tenant', groups: ['system:authenticated'] };
const masters: UserInfo = { username: 'shard-admin', groups: ['system:masters'] };
const lcAdmin: UserInfo = { username: 'c', groups: ['system:kcp:logical-cluster-admin'] };
const plugin = new LogicalClusterAdmission();
const lc = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'core.kcp.io/v1alpha1',
  kind: 'LogicalCluster',
  metadata: { name: 'cluster' },
  spec,
});
const owner = { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name: 'a', cluster: 'root' };

function run(operation: Operation, user: UserInfo, object?: KObject, oldObject?: KObject): string {
  const a = {
    operation,
    def: { group: 'core.kcp.io', plural: 'logicalclusters' } as ResourceDef,
    ctx: { cluster: 'c1', user, now: new Date(), dryRun: false },
    namespace: '',
    name: 'cluster',
    ...(object ? { object } : {}),
    ...(oldObject ? { oldObject } : {}),
  } as AdmissionAttributes;
  try {
    plugin.validate(a);
    return 'admitted';
  } catch (err) {
    if (err instanceof StatusError) return `${err.status.code} ${err.status.message}`;
    throw err;
  }
}

describe('LogicalClusterAdmission', () => {
  it('refuses direct deletion to everyone unless spec.directlyDeletable', () => {
    for (const user of [tenant, masters, lcAdmin]) {
      expect(run('DELETE', user, undefined, lc({ owner }))).toBe(
        '403 logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster cannot be deleted',
      );
    }
    expect(run('DELETE', tenant, undefined, lc({ owner, directlyDeletable: true }))).toBe('admitted');
  });

  it('refuses creation to tenants', () => {
    expect(run('CREATE', tenant, lc({}))).toBe('403 logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster cannot be created');
    expect(run('CREATE', masters, lc({}))).toBe('admitted');
  });

  it('keeps a tenant from re-pointing spec.owner or spec.createdBy', () => {
    const old = lc({ owner, createdBy: { username: 'alice' } });
    expect(run('UPDATE', tenant, lc({ owner: { ...owner, name: 'victim' }, createdBy: { username: 'alice' } }), old)).toBe(
      '403 logicalclusters.core.kcp.io "cluster" is forbidden: spec.owner: Invalid value: {"apiVersion":"tenancy.kcp.io/v1alpha1","resource":"workspaces","name":"victim","cluster":"root"}: field is immutable',
    );
    expect(run('UPDATE', tenant, lc({ owner, createdBy: { username: 'mallory' } }), old)).toMatch(
      /^403 .*spec\.createdBy: Invalid value: .*: field is immutable$/,
    );
    expect(run('UPDATE', tenant, lc({ owner, createdBy: { username: 'alice' }, directlyDeletable: true }), old)).toBe('admitted');
    expect(run('UPDATE', lcAdmin, lc({ owner: { ...owner, name: 'b' } }), old)).toBe('admitted');
  });
});
