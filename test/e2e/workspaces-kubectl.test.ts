// Workspaces with the plain kubectl against /clusters/<path> URLs: lifecycle, kcp's columns, paths and
// cluster names reaching the same logical cluster, isolation, recursive deletion, name reuse, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const ws = (name: string, type?: string) =>
  `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n${type ? `spec: {type: {name: ${type}, path: root}}\n` : ''}`;

async function createWs(parent: string, name: string, type?: string): Promise<void> {
  const c = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/${parent}`, input: ws(name, type) });
  if (c.code !== 0 && !c.stderr.includes('already exists')) throw new Error(c.stderr);
  for (let i = 0; i < 100; i++) {
    const p = await at(parent, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}');
    if (p.stdout === 'Ready') return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`workspace ${parent}:${name} did not become Ready`);
}

beforeAll(async () => {
  d = await startTestDaemon();
  await createWs('root', 'a', 'organization');
  await createWs('root:a', 'c');
  await createWs('root', 'b');
  await createWs('root', 'operators');
  await createWs('root:operators', 'mounts');
  await createWs('root', 'providers');
  await createWs('root:providers', 'mounts');
});
afterAll(async () => d?.stop());

describe('workspaces', () => {
  it('prints kcp columns', async () => {
    const r = await at('root', 'get', 'workspaces');
    expect(r.stdout).toMatch(/^NAME +TYPE +REGION +PHASE +URL +AGE/);
    expect(r.stdout).toMatch(/^a +organization +Ready +https:\/\/127\.0\.0\.1:\d+\/clusters\/root:a +\d+s/m);
    expect((await at('root', 'get', 'ws', '-o', 'name')).stdout.split('\n')).toContain('workspace.tenancy.kcp.io/a');
  });

  it('gives each workspace a LogicalCluster named cluster with its URL', async () => {
    const r = await at('root:a', 'get', 'logicalcluster', '--no-headers');
    expect(r.stdout).toMatch(/^cluster +Ready +https:\/\/[^ ]+\/clusters\/[a-z0-9]{16} /);
    const path = await at('root:a', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.metadata.annotations.kcp\\.io/path}');
    expect(path.stdout).toBe('root:a');
  });

  it('routes by path and by logical cluster name to the same cluster', async () => {
    await at('root:a', 'create', 'configmap', 'only-in-a', '--from-literal=x=1');
    const url = (await at('root:a', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.URL}')).stdout;
    const name = url.replace(/.*\/clusters\//, '');
    expect((await at(name, 'get', 'configmap', 'only-in-a', '-o', 'name')).stdout.trim()).toBe('configmap/only-in-a');
    expect((await at(`${name}:c`, 'get', 'ns', 'default', '-o', 'name')).stdout.trim()).toBe('namespace/default');
  });

  it('isolates logical clusters', async () => {
    expect((await at('root:b', 'get', 'configmap', 'only-in-a')).stderr).toContain('NotFound');
    await at('root:operators:mounts', 'create', 'cm', 'same');
    await at('root:providers:mounts', 'create', 'cm', 'same', '--from-literal=k=v');
    expect((await at('root:operators:mounts', 'get', 'cm', 'same', '-o', 'jsonpath={.data}')).stdout).toBe('');
  });

  it('refuses bad input without creating anything', async () => {
    const bad = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/root`, input: ws('Bad_Name') });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is invalid');
    const dup = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/root`, input: ws('b') });
    expect(dup.stderr).toContain('already exists');
    const unknownType = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/root`, input: ws('typed', 'nope') });
    expect(unknownType.code).not.toBe(0);
    expect(unknownType.stderr).toContain('nope');
    const disallowed = await d.kubectl(['create', '-f', '-'], { server: `${d.url}/clusters/root:a`, input: ws('org2', 'organization') });
    expect(disallowed.code).not.toBe(0);
    expect((await at('root', 'get', 'workspace', 'typed')).code).not.toBe(0);
    expect((await at('root:nope', 'get', 'ns')).code).not.toBe(0);
  });

  it('deletes recursively, unroutes at once, and reuses names with a fresh cluster', async () => {
    const url = (await at('root:a', 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.URL}')).stdout;
    const name = url.replace(/.*\/clusters\//, '');
    expect((await at('root', 'delete', 'workspace', 'a', '--timeout=30s')).code).toBe(0);
    expect((await at('root', 'get', 'workspace', 'a')).code).not.toBe(0);
    expect((await at('root:a:c', 'get', 'configmaps')).code).not.toBe(0);
    expect((await at(name, 'get', 'configmaps')).code).not.toBe(0);
    await createWs('root', 'a');
    expect((await at('root:a', 'get', 'configmap', 'only-in-a')).code).not.toBe(0);
  });
});
