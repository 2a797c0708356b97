import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { AdmissionAttributes, Operation } from '../registry/admission.js';
import type { ResourceDef, UserInfo } from '../registry/types.js';
import { WorkspaceIndex } from './index.js';
import { isReservedKey, reservedModification, ReservedMetadataAdmission } from './reserved-metadata.js';

const tenant: UserInfo = { username: 'tenant', groups: ['system:authenticated'] };
const operator: UserInfo = { username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] };
const def = (group: string, plural: string) => ({ group, plural }) as ResourceDef;
const LC = def('core.kcp.io', 'logicalclusters');
const CM = def('', 'configmaps');
const WS = def('tenancy.kcp.io', 'workspaces');
const WST = def('tenancy.kcp.io', 'workspacetypes');

const index = new WorkspaceIndex();
index.setCluster({ name: 'ca', path: 'root:a', phase: 'Ready', type: 'root:universal' });
const plugin = new ReservedMetadataAdmission(index);

const obj = (meta: { annotations?: Record<string, string>; labels?: Record<string, string> }): KObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name: 'x', ...meta },
});

function admit(operation: Operation, d: ResourceDef, object: KObject, oldObject?: KObject, user = tenant): KObject {
  const a: AdmissionAttributes = {
    operation,
    def: d,
    ctx: { cluster: 'ca', user, now: new Date(), dryRun: false },
    namespace: '',
    name: 'x',
    object,
    ...(oldObject ? { oldObject } : {}),
  };
  plugin.admit(a);
  return a.object!;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return `${err.status.code} ${err.status.message}`;
    throw err;
  }
  return 'admitted';
}

describe('isReservedKey', () => {
  it.each([
    ['kcp.io/path', true],
    ['kcp.io/cluster', true],
    ['internal.tenancy.kcp.io/type', true],
    ['core.kcp.io/shard', true],
    ['experimental.tenancy.kcp.io/owner', true],
    ['authorization.kcp.io/required-groups', true],
    ['tenancy.kcp.io/phase', true],
    ['some.kcp.io', true],
    ['experimental.tenancy.kcp.io/mount', false],
    ['experimental.tenancy.kcp.io/is-mount', false],
    ['apiexports.apis.kcp.io/skip-endpointslice', false],
    ['notkcp.io/x', false],
    ['example.com/kcp.io', false],
    ['region', false],
  ])('%s → %s', (key, want) => expect(isReservedKey(key)).toBe(want));
});

describe('reservedModification', () => {
  const none = new Set<string>();
  it('finds reserved keys added, changed or removed, and nothing else', () => {
    expect(reservedModification({ 'kcp.io/path': 'a' }, {}, none)).toBe('kcp.io/path');
    expect(reservedModification({ 'kcp.io/path': 'a' }, { 'kcp.io/path': 'b' }, none)).toBe('kcp.io/path');
    expect(reservedModification({}, { 'core.kcp.io/shard': 'root' }, none)).toBe('core.kcp.io/shard');
    expect(reservedModification(undefined, { 'core.kcp.io/shard': '' }, none)).toBe('core.kcp.io/shard');
    expect(reservedModification({ 'kcp.io/path': 'a', team: 'x' }, { 'kcp.io/path': 'a' }, none)).toBeUndefined();
    expect(reservedModification({ 'kcp.io/path': 'a' }, {}, new Set(['kcp.io/path']))).toBeUndefined();
  });
});

describe('ReservedMetadataAdmission', () => {
  it("refuses a tenant any change of a LogicalCluster's kcp.io metadata, with kcp's messages", () => {
    const old = obj({ annotations: { 'kcp.io/path': 'root:a', 'kcp.io/cluster': 'ca' }, labels: { 'tenancy.kcp.io/phase': 'Ready' } });
    expect(
      refusal(() =>
        admit(
          'UPDATE',
          LC,
          obj({ annotations: { 'kcp.io/path': 'root', 'kcp.io/cluster': 'ca' }, labels: { 'tenancy.kcp.io/phase': 'Ready' } }),
          old,
        ),
      ),
    ).toBe('403 logicalclusters.core.kcp.io "x" is forbidden: modification of reserved annotation: "kcp.io/path"');
    expect(refusal(() => admit('UPDATE', LC, obj({ annotations: { 'kcp.io/path': 'root:a', 'kcp.io/cluster': 'ca' } }), old))).toBe(
      '403 logicalclusters.core.kcp.io "x" is forbidden: modification of reserved label: "tenancy.kcp.io/phase"',
    );
    expect(
      refusal(() =>
        admit(
          'UPDATE',
          LC,
          obj({
            annotations: { 'kcp.io/path': 'root:a', 'kcp.io/cluster': 'ca', note: 'mine' },
            labels: { 'tenancy.kcp.io/phase': 'Ready', team: 'x' },
          }),
          old,
        ),
      ),
    ).toBe('admitted');
  });

  it('lets the system privileged groups through', () => {
    const old = obj({ annotations: { 'kcp.io/path': 'root:a' } });
    expect(
      refusal(() =>
        admit('UPDATE', LC, obj({ annotations: { 'kcp.io/path': 'root:b', 'authorization.kcp.io/required-groups': 'g' } }), old, operator),
      ),
    ).toBe('admitted');
    expect(refusal(() => admit('UPDATE', LC, obj({}), old, { username: 'shard-admin', groups: ['system:masters'] }))).toBe('admitted');
  });

  it('refuses reserved metadata on create, except what Workspace admission overwrites', () => {
    expect(refusal(() => admit('CREATE', CM, obj({ labels: { 'internal.tenancy.kcp.io/x': 'y' } })))).toBe(
      '403 configmaps "x" is forbidden: modification of reserved label: "internal.tenancy.kcp.io/x"',
    );
    expect(
      refusal(() =>
        admit(
          'CREATE',
          WS,
          obj({ annotations: { 'experimental.tenancy.kcp.io/owner': '{}', 'authorization.kcp.io/required-groups': 'g' } }),
        ),
      ),
    ).toBe('admitted');
    expect(refusal(() => admit('CREATE', WS, obj({ annotations: { 'internal.tenancy.kcp.io/cluster': 'root' } })))).toBe(
      '403 workspaces.tenancy.kcp.io "x" is forbidden: modification of reserved annotation: "internal.tenancy.kcp.io/cluster"',
    );
    const old = obj({ annotations: { 'experimental.tenancy.kcp.io/owner': '{"username":"alice"}' } });
    expect(
      refusal(() => admit('UPDATE', WS, obj({ annotations: { 'experimental.tenancy.kcp.io/owner': '{"username":"mallory"}' } }), old)),
    ).toBe('403 workspaces.tenancy.kcp.io "x" is forbidden: modification of reserved annotation: "experimental.tenancy.kcp.io/owner"');
  });

  it('leaves kcp.io/cluster to the registry', () => {
    expect(refusal(() => admit('CREATE', CM, obj({ annotations: { 'kcp.io/cluster': 'ca' } })))).toBe('admitted');
  });

  it("sets kcp.io/path to the workspace's canonical path on other objects, as kcp's PathAnnotation does", () => {
    expect(admit('CREATE', CM, obj({ annotations: { 'kcp.io/path': 'root' } })).metadata.annotations).toEqual({ 'kcp.io/path': 'root:a' });
    expect(admit('CREATE', WST, obj({})).metadata.annotations).toEqual({ 'kcp.io/path': 'root:a' });
    expect(admit('CREATE', CM, obj({})).metadata.annotations).toBeUndefined();
    const old = obj({ annotations: { 'kcp.io/path': 'root:a' } });
    expect(admit('UPDATE', WST, obj({ annotations: { 'kcp.io/path': 'root' } }), old).metadata.annotations).toEqual({
      'kcp.io/path': 'root:a',
    });
  });
});
