// Workspace initializers and terminators with the real kubectl, as kcp has them: a WorkspaceType with
// `initializer: true` holds new workspaces of its type (and of types extending it) in Initializing until every
// initializer id has been removed from the LogicalCluster's status.initializers; one with `terminator: true` holds a
// deleted workspace (and any ancestor being deleted with it) in Terminating until its terminators are removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const apply = (path: string, yaml: string) => d.kubectl(['apply', '-f', '-'], { server: `${d.url}/clusters/${path}`, input: yaml });
const phase = async (parent: string, name: string) => (await at(parent, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}')).stdout;

const TYPES = `apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: needs-setup}
spec: {initializer: true}
---
apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: needs-more}
spec: {initializer: true, extend: {with: [{name: needs-setup, path: root}]}}
---
apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: needs-cleanup}
spec: {terminator: true}
`;
const ws = (name: string, type: string) =>
  `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\nspec: {type: {name: ${type}, path: root}}\n`;
const removeInitializers = (keep: string[]) => JSON.stringify([{ op: 'replace', path: '/status/initializers', value: keep }]);
const removeTerminators = (keep: string[]) => JSON.stringify([{ op: 'replace', path: '/status/terminators', value: keep }]);
const gone = async (parent: string, name: string) => (await at(parent, 'get', 'workspace', name)).stderr.includes('NotFound');

beforeAll(async () => {
  d = await startTestDaemon();
  const r = await apply('root', TYPES);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(async () => d?.stop());

describe('workspace initializers', () => {
  it('holds a workspace in Initializing, routable, until its initializer is removed', async () => {
    expect((await apply('root', ws('setup', 'needs-setup'))).code).toBe(0);
    expect(await phase('root', 'setup')).toBe('Initializing');
    const got = await at('root', 'get', 'workspaces', 'setup', '--no-headers');
    expect(got.stdout).toMatch(/^setup +needs-setup +Initializing +https:/);
    expect((await at('root', 'get', 'workspace', 'setup', '-o', 'jsonpath={.status.initializers}')).stdout).toBe('["root:needs-setup"]');
    const lc = await at(
      'root:setup',
      'get',
      'logicalcluster',
      'cluster',
      '-o',
      'jsonpath={.status.phase} {.spec.initializers} {.status.initializers}',
    );
    expect(lc.stdout).toBe('Initializing ["root:needs-setup"] ["root:needs-setup"]');
    const cond = await at(
      'root',
      'get',
      'workspace',
      'setup',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="WorkspaceInitialized")].message}',
    );
    expect(cond.stdout).toBe('Initializers still exist: [root:needs-setup]');

    // The initializer does its work in the cluster, which is already reachable…
    expect((await at('root:setup', 'create', 'configmap', 'seeded', '--from-literal=k=v')).code).toBe(0);
    // …but nothing can be nested under a workspace that is not Ready.
    const child = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/root:setup`, input: ws('child', 'universal') });
    expect(child.code).not.toBe(0);
    expect(child.stderr).toContain('is not Ready');

    const done = await at(
      'root:setup',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      removeInitializers([]),
    );
    expect(done.code, done.stderr).toBe(0);
    expect(await phase('root', 'setup')).toBe('Ready');
    expect((await at('root:setup', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Ready');
    expect((await at('root', 'get', 'workspace', 'setup', '-o', 'jsonpath={.status.initializers}')).stdout).toBe('');
    expect((await at('root:setup', 'get', 'configmap', 'seeded', '-o', 'name')).stdout.trim()).toBe('configmap/seeded');
  });

  it('collects the initializers of extended types and waits for all of them', async () => {
    expect((await apply('root', ws('more', 'needs-more'))).code).toBe(0);
    const ids = (await at('root:more', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.initializers}')).stdout;
    expect(JSON.parse(ids)).toEqual(['root:needs-more', 'root:needs-setup']);
    await at(
      'root:more',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      removeInitializers(['root:needs-setup']),
    );
    expect(await phase('root', 'more')).toBe('Initializing');
    expect((await at('root', 'get', 'workspace', 'more', '-o', 'jsonpath={.status.initializers}')).stdout).toBe('["root:needs-setup"]');
    await at('root:more', 'patch', 'logicalcluster', 'cluster', '--subresource=status', '--type=json', '-p', removeInitializers([]));
    expect(await phase('root', 'more')).toBe('Ready');
  });

  it('refuses to add initializers, change spec.initializers or skip Initializing with initializers left', async () => {
    expect((await apply('root', ws('strict', 'needs-setup'))).code).toBe(0);
    const add = await at(
      'root:strict',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      removeInitializers(['root:needs-setup', 'root:other']),
    );
    expect(add.stderr).toContain('status.initializers: Invalid value');
    const spec = await at('root:strict', 'patch', 'logicalcluster', 'cluster', '--type=merge', '-p', '{"spec":{"initializers":[]}}');
    expect(spec.stderr).toContain('spec.initializers: Invalid value');
    const skip = await at(
      'root:strict',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Ready"}}',
    );
    expect(skip.stderr).toContain('cannot leave Initializing while initializers remain');
    expect(await phase('root', 'strict')).toBe('Initializing');
  });

  it('leaves built-in types Ready at once', async () => {
    expect((await apply('root', ws('plain', 'universal'))).code).toBe(0);
    expect(await phase('root', 'plain')).toBe('Ready');
  });
});

describe('workspace terminators', () => {
  it('keeps a deleted workspace Terminating, content reachable, until its terminator is removed', async () => {
    expect((await apply('root', ws('cleanup', 'needs-cleanup'))).code).toBe(0);
    expect(await phase('root', 'cleanup')).toBe('Ready');
    expect((await at('root:cleanup', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.terminators}')).stdout).toBe(
      '["root:needs-cleanup"]',
    );
    await at('root:cleanup', 'create', 'configmap', 'state', '--from-literal=k=v');

    expect((await at('root', 'delete', 'workspace', 'cleanup', '--wait=false')).code).toBe(0);
    expect(await phase('root', 'cleanup')).toBe('Terminating');
    expect((await at('root', 'get', 'workspace', 'cleanup', '-o', 'jsonpath={.status.terminators}')).stdout).toBe('["root:needs-cleanup"]');
    expect((await at('root:cleanup', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Terminating');
    expect((await at('root:cleanup', 'get', 'configmap', 'state', '-o', 'name')).stdout.trim()).toBe('configmap/state');

    const done = await at(
      'root:cleanup',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      removeTerminators([]),
    );
    expect(done.code, done.stderr).toBe(0);
    expect(await gone('root', 'cleanup')).toBe(true);
    expect((await at('root:cleanup', 'get', 'configmaps')).code).not.toBe(0);
  });

  it('holds a recursive deletion until terminators deep in the subtree are gone', async () => {
    expect((await apply('root', ws('outer', 'universal'))).code).toBe(0);
    expect((await apply('root:outer', ws('inner', 'needs-cleanup'))).code).toBe(0);
    expect((await at('root', 'delete', 'workspace', 'outer', '--wait=false')).code).toBe(0);
    expect(await phase('root', 'outer')).toBe('Terminating');
    expect((await at('root:outer:inner', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Terminating');
    const add = await at(
      'root:outer:inner',
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      removeTerminators(['root:needs-cleanup', 'root:x']),
    );
    expect(add.stderr).toContain('status.terminators: Invalid value');
    await at('root:outer:inner', 'patch', 'logicalcluster', 'cluster', '--subresource=status', '--type=json', '-p', removeTerminators([]));
    expect(await gone('root', 'outer')).toBe(true);
    expect((await at('root:outer:inner', 'get', 'ns')).code).not.toBe(0);
  });
});

describe('workspace location', () => {
  it('leaves a workspace Scheduling while no shard matches spec.location.selector, and schedules it once one does', async () => {
    const yaml = `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: on-mars}\nspec: {location: {selector: {matchLabels: {region: mars}}}}\n`;
    expect((await apply('root', yaml)).code).toBe(0);
    expect(await phase('root', 'on-mars')).toBe('Scheduling');
    const cond = await at(
      'root',
      'get',
      'workspace',
      'on-mars',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="WorkspaceScheduled")].reason}: {.status.conditions[?(@.type=="WorkspaceScheduled")].message}',
    );
    expect(cond.stdout).toBe('Unschedulable: No available shards to schedule the workspace');
    expect((await at('root', 'label', 'shard', 'root', 'region=mars')).code).toBe(0);
    // (the selector matches a region label here; any shard label would do)
    expect(await phase('root', 'on-mars')).toBe('Ready');
    // kcp copies the shard's region label; `kubectl get workspaces` shows it.
    expect((await at('root', 'get', 'workspace', 'on-mars', '--no-headers')).stdout).toMatch(/^on-mars +organization +mars +Ready /);
    expect((await at('root:on-mars', 'get', 'ns', 'default', '-o', 'name')).stdout.trim()).toBe('namespace/default');
  });
});
