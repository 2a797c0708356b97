// The generic control plane through the real kubectl: discovery, CRUD, tables, errors, the three patch types,
// client- and server-side apply, selectors, pagination, watch, optimistic concurrency, explain, namespaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const k = (...args: string[]) => d.kubectl(args);

beforeAll(async () => {
  d = await startTestDaemon();
  await k('create', 'namespace', 'demo');
  await k('-n', 'demo', 'create', 'configmap', 'c1', '--from-literal=a=1');
});
afterAll(async () => d?.stop());

describe('discovery', () => {
  it('lists the generic control plane resources', async () => {
    const r = await k('api-resources');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configmaps +cm +v1 +true +ConfigMap/m);
    expect(r.stdout).toMatch(/^namespaces +ns +v1 +false +Namespace/m);
    expect(r.stdout).toMatch(/^leases +coordination.k8s.io\/v1 +true +Lease/m);
    expect(r.stdout).toMatch(/^clusterroles +rbac.authorization.k8s.io\/v1 +false +ClusterRole/m);
    expect(r.stdout).toMatch(/^customresourcedefinitions +crd,crds +apiextensions.k8s.io\/v1 +false +CustomResourceDefinition/m);
  });

  it('reports a version', async () => {
    const r = await k('version', '-o', 'json');
    expect(JSON.parse(r.stdout).serverVersion.minor).toBe('32');
  });
});

describe('objects', () => {
  it('seeds the default namespaces', async () => {
    expect((await k('get', 'ns', 'default', 'kube-system', 'kube-public', '-o', 'name')).stdout.trim().split('\n')).toHaveLength(3);
  });

  it('prints kube columns', async () => {
    expect((await k('-n', 'demo', 'get', 'cm', 'c1')).stdout).toMatch(/^NAME +DATA +AGE\nc1 +1 +\d+s/);
    expect((await k('get', 'ns', 'demo', '--no-headers')).stdout).toMatch(/^demo +Active +/);
  });

  it('sets server-owned metadata', async () => {
    const r = await k(
      '-n',
      'demo',
      'get',
      'cm',
      'c1',
      '-o',
      'jsonpath={.metadata.uid} {.metadata.resourceVersion} {.metadata.creationTimestamp}',
    );
    expect(r.stdout).toMatch(/^[0-9a-f-]{36} \d+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers NotFound, AlreadyExists and Invalid like kube-apiserver', async () => {
    expect((await k('-n', 'demo', 'get', 'cm', 'nope')).stderr).toContain('Error from server (NotFound): configmaps "nope" not found');
    expect((await k('create', 'ns', 'demo')).stderr).toContain('Error from server (AlreadyExists): namespaces "demo" already exists');
    expect((await k('-n', 'demo', 'create', 'cm', 'c1')).stderr).toContain('configmaps "c1" already exists');
    const bad = d.file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, namespace: demo}\n');
    const r = await k('create', '-f', bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    );
    expect((await k('-n', 'nowhere', 'create', 'cm', 'x')).stderr).toContain('namespaces "nowhere" not found');
  });

  it('refuses unknown fields in strict mode and warns otherwise', async () => {
    const f = d.file('unknown.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: strict, namespace: demo}\nfoo: bar\n');
    const strict = await k('create', '-f', f);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('unknown field "foo"');
    const warn = await k('create', '--validate=warn', '-f', f);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toContain('unknown field "foo"');
  });
});

describe('writes', () => {
  it('applies merge, JSON and strategic merge patches', async () => {
    await k('-n', 'demo', 'create', 'cm', 'p', '--from-literal=a=1');
    expect((await k('-n', 'demo', 'patch', 'cm', 'p', '--type', 'merge', '-p', '{"data":{"b":"2"}}')).code).toBe(0);
    expect((await k('-n', 'demo', 'patch', 'cm', 'p', '--type', 'json', '-p', '[{"op":"add","path":"/data/c","value":"3"}]')).code).toBe(0);
    expect((await k('-n', 'demo', 'patch', 'cm', 'p', '-p', '{"data":{"d":"4"}}')).code).toBe(0);
    expect((await k('-n', 'demo', 'get', 'cm', 'p', '-o', 'jsonpath={.data.a}{.data.b}{.data.c}{.data.d}')).stdout).toBe('1234');
    const bad = await k('-n', 'demo', 'patch', 'cm', 'p', '--type', 'json', '-p', '[{"op":"remove","path":"/data/zzz"}]');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('the server rejected our request due to an error in our request');
  });

  it('applies client-side twice, removing dropped keys', async () => {
    const f1 = d.file(
      'a1.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: demo, labels: {tier: web}}\ndata: {k1: v1, k2: v2}\n',
    );
    const f2 = d.file(
      'a2.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: demo, labels: {tier: web}}\ndata: {k1: changed}\n',
    );
    expect((await k('apply', '-f', f1)).code).toBe(0);
    const second = await k('apply', '-f', f2);
    expect(second.stderr).toBe('');
    expect((await k('-n', 'demo', 'get', 'cm', 'applied', '-o', 'jsonpath={.data}')).stdout).toBe('{"k1":"changed"}');
  });

  it('applies server-side with managers, conflicts and force', async () => {
    const f = d.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: demo}\ndata: {owned: "yes"}\n');
    const g = d.file('ssa2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: demo}\ndata: {owned: "no"}\n');
    expect((await k('apply', '--server-side', '-f', f)).code).toBe(0);
    expect(
      (await k('-n', 'demo', 'get', 'cm', 'ssa', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}')).stdout,
    ).toContain('kubectl');
    const c = await k('apply', '--server-side', '--field-manager=other', '-f', g);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain('conflict with "kubectl"');
    expect((await k('-n', 'demo', 'get', 'cm', 'ssa', '-o', 'jsonpath={.data.owned}')).stdout).toBe('yes');
    expect((await k('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', g)).code).toBe(0);
    expect((await k('-n', 'demo', 'get', 'cm', 'ssa', '-o', 'jsonpath={.data.owned}')).stdout).toBe('no');
  });

  it('refuses a stale update with 409', async () => {
    const old = await k('-n', 'demo', 'get', 'cm', 'c1', '-o', 'json');
    await k('-n', 'demo', 'label', 'cm', 'c1', 'bump=1');
    const f = d.file('old.json', old.stdout);
    const r = await k('replace', '-f', f);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the object has been modified; please apply your changes to the latest version and try again');
  });

  it('does a dry run without storing', async () => {
    expect((await k('-n', 'demo', 'create', 'cm', 'dry', '--dry-run=server')).code).toBe(0);
    expect((await k('-n', 'demo', 'get', 'cm', 'dry')).code).not.toBe(0);
  });
});

describe('reads', () => {
  it('selects by label and field', async () => {
    await k('-n', 'demo', 'create', 'cm', 'sel1');
    await k('-n', 'demo', 'label', 'cm', 'sel1', 'env=prod');
    expect((await k('-n', 'demo', 'get', 'cm', '-l', 'env=prod', '-o', 'name')).stdout.trim()).toBe('configmap/sel1');
    expect((await k('-n', 'demo', 'get', 'cm', '-l', 'env in (prod,dev),!missing', '-o', 'name')).stdout.trim()).toBe('configmap/sel1');
    expect((await k('-n', 'demo', 'get', 'cm', '--field-selector', 'metadata.name=sel1', '-o', 'name')).stdout.trim()).toBe(
      'configmap/sel1',
    );
    expect((await k('-n', 'demo', 'get', 'cm', '--field-selector', 'spec.foo=1')).stderr).toContain('field label not supported: spec.foo');
  });

  it('pages with --chunk-size', async () => {
    await k('create', 'ns', 'paged');
    for (let i = 1; i <= 7; i++) await k('-n', 'paged', 'create', 'cm', `p${i}`);
    const r = await k('-n', 'paged', 'get', 'cm', '--chunk-size=2', '-o', 'name');
    expect(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('configmap/p')),
    ).toHaveLength(7);
  });

  it('lists across namespaces', async () => {
    expect((await k('get', 'cm', '-A', '--no-headers')).stdout).toMatch(/^demo +c1 +/m);
  });

  it('watches ADDED, MODIFIED and DELETED', async () => {
    const watch = d.kubectl(['-n', 'demo', 'get', 'cm', '-w', '--output-watch-events', '--request-timeout=6s'], { timeoutMs: 8000 });
    await new Promise((r) => setTimeout(r, 1500));
    await k('-n', 'demo', 'create', 'cm', 'w1');
    await k('-n', 'demo', 'label', 'cm', 'w1', 'seen=yes');
    await k('-n', 'demo', 'delete', 'cm', 'w1');
    const out = (await watch).stdout;
    expect(out).toMatch(/^ADDED +w1/m);
    expect(out).toMatch(/^MODIFIED +w1/m);
    expect(out).toMatch(/^DELETED +w1/m);
  });

  it('explains fields from OpenAPI v3', async () => {
    const r = await k('explain', 'configmap.data');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FIELD: +data/);
  });
});

describe('security reviews', () => {
  it('answers can-i and whoami for the admin', async () => {
    expect((await k('auth', 'can-i', 'create', 'configmaps', '-n', 'demo')).stdout.trim()).toBe('yes');
    expect((await k('auth', 'whoami')).stdout).toContain('kcp-admin');
  });

  it('gives every namespace a default ServiceAccount, recreated if deleted, that tokens can be issued for', async () => {
    const defaultSA = async (ns: string) => {
      for (let i = 0; i < 50; i++) {
        const r = await k('-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name');
        if (r.code === 0) return r.stdout.trim();
        await new Promise((res) => setTimeout(res, 20));
      }
      return '';
    };
    expect(await defaultSA('default')).toBe('serviceaccount/default');
    expect(await defaultSA('demo')).toBe('serviceaccount/default');
    expect((await k('-n', 'demo', 'get', 'sa', '--no-headers')).stdout).toMatch(/^default +0 +/);
    expect((await k('-n', 'demo', 'create', 'token', 'default')).stdout.trim().length).toBeGreaterThan(20);
    expect((await k('-n', 'demo', 'delete', 'sa', 'default')).code).toBe(0);
    expect(await defaultSA('demo')).toBe('serviceaccount/default');
  });

  it('stores secrets with kube columns', async () => {
    await k('-n', 'demo', 'create', 'secret', 'generic', 's1', '--from-literal=x=y');
    expect((await k('-n', 'demo', 'get', 'secret', 's1', '--no-headers')).stdout).toMatch(/^s1 +Opaque +1 +/);
    expect((await k('-n', 'demo', 'get', 'secret', 's1', '-o', 'jsonpath={.data.x}')).stdout).toBe('eQ==');
  });
});

describe('deletion', () => {
  it('waits for deletion and cascades namespace deletion', async () => {
    await k('create', 'ns', 'doomed');
    await k('-n', 'doomed', 'create', 'cm', 'x');
    await k('-n', 'doomed', 'delete', 'cm', 'x');
    expect((await k('-n', 'doomed', 'wait', '--for=delete', 'cm/x', '--timeout=5s')).code).toBe(0);
    await k('-n', 'doomed', 'create', 'cm', 'y');
    expect((await k('delete', 'ns', 'doomed', '--timeout=30s')).code).toBe(0);
    expect((await k('get', 'ns', 'doomed')).code).not.toBe(0);
  });

  it('garbage-collects dependents of a deleted owner', async () => {
    await k('-n', 'demo', 'create', 'cm', 'owner');
    const uid = (await k('-n', 'demo', 'get', 'cm', 'owner', '-o', 'jsonpath={.metadata.uid}')).stdout;
    const dep = d.file(
      'dep.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dependent\n  namespace: demo\n  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: ${uid}}]\n`,
    );
    expect((await k('create', '-f', dep)).code).toBe(0);
    await k('-n', 'demo', 'delete', 'cm', 'owner');
    expect((await k('-n', 'demo', 'wait', '--for=delete', 'cm/dependent', '--timeout=5s')).code).toBe(0);
  });
});
