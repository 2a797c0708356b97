// The official Python client (Debian's python3-kubernetes) against a workspace: list, watch, resume, 410 Expired,
// the patch types, server-side apply, the dynamic client and the flowcontrol objects every workspace has, each a
// script in real-clients/python that prints what it saw as one JSON line.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../support/prerequisite.js';
import { DEBIAN_PYTHON, hasPythonClient } from '../support/real-clients.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), 'real-clients/python');
/** A short event log, so that the resume scenario can outlive the revision it started from. */
const RETENTION = 50;

let d: TestDaemon | undefined;
let server = '';

beforeAll(async () => {
  if (!hasPythonClient()) return;
  d = await startTestDaemon(['--event-retention', String(RETENTION)]);
  const root = `${d.url}/clusters/root`;
  await d.kubectl(['create', '-f', '-'], {
    server: root,
    input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: py}\n',
  });
  const ready = await d.kubectl(['wait', '--for=jsonpath={.status.phase}=Ready', 'workspace/py', '--timeout=10s'], { server: root });
  expect(ready.code, ready.stderr).toBe(0);
  server = `${root}:py`;
});
afterAll(async () => d?.stop());

async function python(ctx: { skip: (note?: string) => never }, script: string, ...args: string[]): Promise<Record<string, unknown>> {
  requirePrerequisite(ctx, hasPythonClient(), `${DEBIAN_PYTHON} cannot import kubernetes (Debian's python3-kubernetes)`);
  const r = await execa(DEBIAN_PYTHON, [join(SCRIPTS, script), ...args], {
    env: { KUBECONFIG: d!.kubeconfig, KCPX_SERVER: server, PYTHONDONTWRITEBYTECODE: '1' },
    reject: false,
    timeout: 60_000,
  });
  expect(r.exitCode, `${script}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('the Python client', () => {
  it('lists with selectors and pages, reads Status errors, and watches writes as they happen', async (ctx) => {
    const r = await python(ctx, 'list_watch.py', 'py-list');
    expect(r['web']).toEqual(['a', 'c']);
    const [page1, page2, end] = r['pages'] as [string[], string[], string | null];
    expect([...page1, ...page2]).toEqual(['a', 'b', 'c']);
    expect(end).toBeNull();
    expect(r['conflict']).toEqual({ code: 409, reason: 'AlreadyExists', message: 'configmaps "a" already exists' });
    expect(r['events']).toEqual([
      ['ADDED', 'd', 'd'],
      ['MODIFIED', 'd', 'd2'],
      ['DELETED', 'd', 'd2'],
    ]);
  });

  it('resumes a watch from the last version seen, gets bookmarks, and relists after 410 Expired', async (ctx) => {
    const r = await python(ctx, 'resume.py', 'py-resume', String(RETENTION + 30));
    expect(r['first']).toEqual([
      ['ADDED', 'r1'],
      ['ADDED', 'r2'],
    ]);
    expect(r['second']).toEqual([['ADDED', 'r3']]);
    expect(r['bookmarks']).toBeGreaterThan(0);
    expect(r['expired']).toEqual([410, expect.stringMatching(/^Expired: /)]);
    expect(r['relisted']).toBe(RETENTION + 30 + 4);
    expect(r['after']).toEqual([['ADDED', 'after-relist']]);
  });

  it('patches with each patch type and applies server-side with managers, conflicts and force=True', async (ctx) => {
    const r = await python(ctx, 'patch_apply.py', 'py-patch');
    expect(r['strategic']).toEqual({ a: '1', b: '2' });
    expect(r['json']).toEqual({ a: '10', b: '2' });
    expect(r['merge']).toEqual({ a: '10' });
    expect(r['failedTest']).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(r['created']).toEqual({ owned: 'one' });
    expect(r['conflict']).toMatchObject({ code: 409, reason: 'Conflict' });
    expect((r['conflict'] as { message: string }).message).toContain('conflict with "py-one"');
    expect(r['forced']).toEqual({ owned: 'two' });
    expect(r['dryRun']).toEqual({ owned: 'dry' });
    expect(r['stored']).toEqual({ owned: 'two' });
    expect(r['managers']).toEqual([['py-two', 'Apply']]);
  });

  it('drives custom resources through the dynamic client and CustomObjectsApi', async (ctx) => {
    const r = await python(ctx, 'dynamic.py', 'py-dynamic');
    expect(r['established']).toBe(true);
    expect(r['patched']).toEqual({ size: 1, color: 'red' });
    expect(r['applied']).toEqual({ size: 3, color: 'red' });
    expect(r['invalid']).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(r['listed']).toEqual(['g1']);
    expect(r['events']).toEqual([
      ['ADDED', 'g1'],
      ['MODIFIED', 'g1'],
      ['MODIFIED', 'g1'],
      ['DELETED', 'g1'],
    ]);
    expect(r['customEvents']).toEqual([
      ['ADDED', 'g1'],
      ['MODIFIED', 'g1'],
      ['MODIFIED', 'g1'],
    ]);
  });

  it("finds kube's bootstrap FlowSchemas and PriorityLevelConfigurations, and sees catch-all come back after a delete", async (ctx) => {
    const r = await python(ctx, 'flowcontrol.py');
    const schemas = r['flowSchemas'] as Array<[string, string, number, string]>;
    expect(schemas.map(([name]) => name)).toEqual([
      'catch-all',
      'endpoint-controller',
      'exempt',
      'global-default',
      'kube-controller-manager',
      'kube-scheduler',
      'kube-system-service-accounts',
      'probes',
      'service-accounts',
      'system-leader-election',
      'system-node-high',
      'system-nodes',
      'workload-leader-election',
    ]);
    expect(schemas).toContainEqual(['catch-all', 'catch-all', 10000, 'true']);
    expect(schemas).toContainEqual(['exempt', 'exempt', 1, 'true']);
    expect(r['priorityLevels']).toEqual([
      ['catch-all', 'Limited'],
      ['exempt', 'Exempt'],
      ['global-default', 'Limited'],
      ['leader-election', 'Limited'],
      ['node-high', 'Limited'],
      ['system', 'Limited'],
      ['workload-high', 'Limited'],
      ['workload-low', 'Limited'],
    ]);
    expect(r['condition']).toEqual(['Dangling', 'False', 'Found']);
    // The watch sees the delete, then the object the server recreated (a new uid).
    expect(r['events']).toEqual([
      ['DELETED', false],
      ['ADDED', true],
    ]);
    expect(r['back']).toBe(10000);
  });
});
