// A stopped in-process daemon leaves nothing of its own behind: no timer, socket, server or worker, however much its
// controllers did — workspaces created and deleted, a CRD established and cleaned up, a mount probed and forwarded
// to — so that embedders and tests can start and stop daemons in one process.
import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../../daemon/control-plane.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function start(): Promise<RunningDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-lifecycle-'));
  dirs.push(dir);
  return startDaemon({ rootDir: dir, port: 0, bind: '127.0.0.1', ephemeral: process.env['KCPX_E2E_STORAGE'] !== 'file', quiet: true });
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request on a connection of its own (no keep-alive pool outlives the test). */
function call(d: RunningDaemon, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${d.url}${path}`,
      { method, ca: d.caPem, agent: false, headers: { authorization: `Bearer ${d.adminToken}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Set while the test makes a timer of its own, which the tracking below ignores. */
let testTimer = false;

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    testTimer = true;
    try {
      await new Promise((r) => setTimeout(r, 25));
    } finally {
      testTimer = false;
    }
  }
  throw new Error(`timed out waiting until ${what}`);
}

const WS = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const phase = (a: Answer) => (a.body['status'] as { phase?: string } | undefined)?.phase;
const workspace = (name: string, spec: object = {}) => ({
  apiVersion: 'tenancy.kcp.io/v1alpha1',
  kind: 'Workspace',
  metadata: { name },
  spec,
});
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.dev' },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

/**
 * Async resources that keep a process busy (unref'd ones too, which getActiveResourcesInfo does not show), tracked
 * from creation to destruction. A TLS socket is its TCPWRAP here: a TLSWRAP is reported destroyed only when it is
 * garbage-collected.
 */
const TRACKED = new Set(['Timeout', 'Immediate', 'TCPWRAP', 'TCPSERVERWRAP', 'WORKER', 'MESSAGEPORT', 'FSEVENTWRAP', 'PROCESSWRAP']);

/** How many resources of each type keep the process alive. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

describe('a stopped in-process daemon', () => {
  it('leaves no timer, socket, server or worker of its own', async () => {
    const before = activeResources();
    const live = new Map<number, string>();
    const hook = createHook({
      init: (id, type) => void (TRACKED.has(type) && !testTimer && live.set(id, type)),
      destroy: (id) => void live.delete(id),
    }).enable();
    try {
      const target = await start();
      const d = await start();
      // Workspaces: created, nested, deleted recursively.
      expect((await call(d, 'POST', `/clusters/root${WS}`, workspace('a'))).status).toBe(201);
      expect((await call(d, 'POST', `/clusters/root:a${WS}`, workspace('b'))).status).toBe(201);
      expect(phase(await call(d, 'GET', `/clusters/root:a${WS}/b`))).toBe('Ready');
      expect((await call(d, 'DELETE', `/clusters/root${WS}/a`)).status).toBeLessThan(300);
      expect((await call(d, 'GET', `/clusters/root:a:b/api/v1/namespaces`)).status).toBe(404);
      // A CRD: established, one custom resource, deleted with its content.
      expect((await call(d, 'POST', `/clusters/root${CRDS}`, crd)).status).toBe(201);
      await until('the CRD is established', async () => (await call(d, 'GET', '/clusters/root/apis/example.dev/v1')).status === 200);
      expect(
        (
          await call(d, 'POST', '/clusters/root/apis/example.dev/v1/namespaces/default/gadgets', {
            apiVersion: 'example.dev/v1',
            kind: 'Gadget',
            metadata: { name: 'g' },
          })
        ).status,
      ).toBe(201);
      expect((await call(d, 'DELETE', `/clusters/root${CRDS}/gadgets.example.dev`)).status).toBeLessThan(300);
      await until('the CRD is gone', async () => (await call(d, 'GET', `/clusters/root${CRDS}/gadgets.example.dev`)).status === 404);
      // …and one left waiting for a custom resource that a finalizer holds, when the daemon stops.
      expect((await call(d, 'POST', `/clusters/root${CRDS}`, crd)).status).toBe(201);
      await until('the CRD is established again', async () => (await call(d, 'GET', '/clusters/root/apis/example.dev/v1')).status === 200);
      const held = { apiVersion: 'example.dev/v1', kind: 'Gadget', metadata: { name: 'held', finalizers: ['example.dev/hold'] } };
      expect((await call(d, 'POST', '/clusters/root/apis/example.dev/v1/namespaces/default/gadgets', held)).status).toBe(201);
      expect((await call(d, 'DELETE', `/clusters/root${CRDS}/gadgets.example.dev`)).status).toBeLessThan(300);
      const terminating = async () => {
        const got = await call(d, 'GET', `/clusters/root${CRDS}/gadgets.example.dev`);
        return ((got.body['status'] as { conditions?: Array<{ type: string }> } | undefined)?.conditions ?? []).some(
          (c) => c.type === 'Terminating',
        );
      };
      await until('the CRD is terminating', terminating);
      // A mount of the other daemon: probed, then a request forwarded through it.
      const kubeconfig = [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: t, cluster: {server: "${target.url}", certificate-authority-data: ${Buffer.from(target.caPem).toString('base64')}}}]`,
        `users: [{name: t, user: {token: ${target.adminToken}}}]`,
        'contexts: [{name: t, context: {cluster: t, user: t}}]',
        'current-context: t',
      ].join('\n');
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'target' },
        data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
      };
      expect((await call(d, 'POST', '/clusters/root/api/v1/namespaces/default/secrets', secret)).status).toBe(201);
      const kc = {
        apiVersion: 'mounts.contrib.kcp.io/v1alpha1',
        kind: 'KubeCluster',
        metadata: { name: 'target' },
        spec: { secretRef: { name: 'target', namespace: 'default' } },
      };
      expect((await call(d, 'POST', '/clusters/root/apis/mounts.contrib.kcp.io/v1alpha1/kubeclusters', kc)).status).toBe(201);
      const ref = { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: 'target' };
      expect((await call(d, 'POST', `/clusters/root${WS}`, workspace('m', { mount: { ref } }))).status).toBe(201);
      await until('the mount is Ready', async () => phase(await call(d, 'GET', `/clusters/root${WS}/m`)) === 'Ready');
      expect((await call(d, 'GET', '/clusters/root:m/api/v1/namespaces/default')).status).toBe(200);
      await d.stop();
      await target.stop();
      // Closed sockets and fired timers are reported destroyed a little later.
      await until('everything the daemons made is gone', () => live.size === 0).catch(() => undefined);
    } finally {
      hook.disable();
    }
    expect([...live.values()]).toEqual([]);
    // Nothing keeps the process alive that did not before (the test runner's own timers come and go).
    const grown = [...activeResources()].filter(([type, n]) => n > (before.get(type) ?? 0));
    expect(grown).toEqual([]);
  });
});
