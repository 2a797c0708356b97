// CustomResourceDefinitions per workspace through the real kubectl: establishment, discovery, validation
// (enum, required, CEL), defaulting, pruning, strict fields, printer columns, status and scale subresources,
// categories, explain, isolation, deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const inA = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root:team-a` });
const inB = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root:team-b` });
const withInput = (input: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root:team-a`, input });

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.dev}
spec:
  group: example.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [toys]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            x-kubernetes-validations:
            - {rule: "self.replicas <= 10", message: "at most 10 replicas"}
            properties:
              size: {type: string, enum: [small, large]}
              replicas: {type: integer, minimum: 0, default: 1}
              port: {x-kubernetes-int-or-string: true}
          status:
            type: object
            properties:
              replicas: {type: integer}
`;

async function workspace(name: string): Promise<void> {
  await d.kubectl(['create', '-f', '-'], {
    server: `${d.url}/clusters/root`,
    input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`,
  });
  for (let i = 0; i < 100; i++) {
    if (
      (await d.kubectl(['get', 'workspace', name, '-o', 'jsonpath={.status.phase}'], { server: `${d.url}/clusters/root` })).stdout ===
      'Ready'
    )
      return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  d = await startTestDaemon();
  await workspace('team-a');
  await workspace('team-b');
  const f = d.file('crd.yaml', CRD);
  const r = await inA('apply', '-f', f);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(async () => d?.stop());

describe('CustomResourceDefinitions', () => {
  it('becomes Established and appears in discovery', async () => {
    expect((await inA('wait', '--for=condition=Established', 'crd/widgets.example.dev', '--timeout=10s')).code).toBe(0);
    expect((await inA('api-resources')).stdout).toMatch(/^widgets +wd +example.dev\/v1 +true +Widget/m);
  });

  it('validates, defaults and prunes custom resources', async () => {
    const ok = await withInput(
      'apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: small, port: 8080, junk: dropped}\n',
      'apply',
      '--validate=false',
      '-f',
      '-',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.spec.replicas}')).stdout).toBe('1');
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.spec.junk}')).stdout).toBe('');
    expect(
      (
        await withInput(
          'apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: bad, namespace: default}\nspec: {size: huge}\n',
          'apply',
          '-f',
          '-',
        )
      ).stderr,
    ).toContain('Unsupported value: "huge": supported values: "small", "large"');
    expect(
      (
        await withInput(
          'apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: bad2, namespace: default}\nspec: {replicas: 2}\n',
          'create',
          '-f',
          '-',
        )
      ).stderr,
    ).toContain('spec.size: Required value');
    expect((await inA('patch', 'wd', 'w1', '--type', 'merge', '-p', '{"spec":{"replicas":11}}')).stderr).toContain('at most 10 replicas');
    expect(
      (
        await withInput(
          'apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: bad3, namespace: default}\nspec: {size: small, nope: 1}\n',
          'create',
          '--validate=strict',
          '-f',
          '-',
        )
      ).stderr,
    ).toMatch(/unknown field/i);
  });

  it('prints additionalPrinterColumns and serves categories and explain', async () => {
    const t = await inA('get', 'widgets');
    expect(t.stdout).toMatch(/^NAME +SIZE +REPLICAS +AGE\nw1 +small +1 +/);
    expect((await inA('get', 'toys', '-o', 'name')).stdout.trim()).toBe('widget.example.dev/w1');
    expect((await inA('explain', 'widget.spec')).stdout).toContain('size');
  });

  it('keeps status and spec apart and scales', async () => {
    const g1 = (await inA('get', 'wd', 'w1', '-o', 'jsonpath={.metadata.generation}')).stdout;
    expect((await inA('patch', 'wd', 'w1', '--subresource=status', '--type', 'merge', '-p', '{"status":{"replicas":3}}')).code).toBe(0);
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.status.replicas}')).stdout).toBe('3');
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.metadata.generation}')).stdout).toBe(g1);
    await inA('patch', 'wd', 'w1', '--type', 'merge', '-p', '{"status":{"replicas":9}}');
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.status.replicas}')).stdout).toBe('3');
    expect((await inA('scale', 'wd', 'w1', '--replicas=4')).code).toBe(0);
    expect((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.spec.replicas}')).stdout).toBe('4');
    expect(Number((await inA('get', 'wd', 'w1', '-o', 'jsonpath={.metadata.generation}')).stdout)).toBeGreaterThan(Number(g1));
  });

  it('serves every served version, with deprecation warnings', async () => {
    const multi = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.dev}
spec:
  group: example.dev
  scope: Cluster
  names: {plural: gadgets, kind: Gadget}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
  - {name: v1beta1, served: true, storage: false, deprecated: true, deprecationWarning: "v1beta1 is going away", schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
`;
    expect((await withInput(multi, 'apply', '-f', '-')).code).toBe(0);
    expect((await inA('wait', '--for=condition=Established', 'crd/gadgets.example.dev', '--timeout=10s')).code).toBe(0);
    expect(
      (await withInput('apiVersion: example.dev/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {x: 1}\n', 'create', '-f', '-')).code,
    ).toBe(0);
    const old = await inA('get', 'gadgets.v1beta1.example.dev', 'g1', '-o', 'jsonpath={.apiVersion}');
    expect(old.stdout).toBe('example.dev/v1beta1');
    expect(old.stderr).toContain('v1beta1 is going away');
    expect((await inA('get', 'gadgets.v1.example.dev', 'g1', '-o', 'jsonpath={.apiVersion}')).stdout).toBe('example.dev/v1');
    // A list serves every object in the listed version, whichever one it was written through; an apiVersion in its
    // spec is data.
    const g2 = 'apiVersion: example.dev/v1beta1\nkind: Gadget\nmetadata: {name: g2}\nspec: {apiVersion: example.dev/v1}\n';
    expect((await withInput(g2, 'create', '-f', '-')).code).toBe(0);
    for (const version of ['v1', 'v1beta1']) {
      const listed = JSON.parse((await inA('get', `gadgets.${version}.example.dev`, '-o', 'json')).stdout) as {
        items: Array<{ apiVersion: string; metadata: { name: string }; spec: unknown }>;
      };
      expect(listed.items.map((i) => [i.metadata.name, i.apiVersion, i.spec])).toEqual([
        ['g1', `example.dev/${version}`, { x: 1 }],
        ['g2', `example.dev/${version}`, { apiVersion: 'example.dev/v1' }],
      ]);
    }
  });

  it('is served only in its workspace and deletes its resources with it', async () => {
    expect((await inB('get', 'widgets')).code).not.toBe(0);
    expect((await inA('delete', 'crd', 'widgets.example.dev', '--timeout=30s')).code).toBe(0);
    expect((await inA('get', 'widgets')).code).not.toBe(0);
    const f = d.file('crd2.yaml', CRD);
    expect((await inA('apply', '-f', f)).code).toBe(0);
    expect((await inA('wait', '--for=condition=Established', 'crd/widgets.example.dev', '--timeout=10s')).code).toBe(0);
    expect((await inA('get', 'widgets', '-A', '-o', 'name')).stdout.trim()).toBe('');
  });

  it('stays Terminating while a finalizer holds one of its resources, and goes once that resource does', async () => {
    const held = 'apiVersion: example.dev/v1\nkind: Gadget\nmetadata: {name: held, finalizers: [example.dev/hold]}\nspec: {x: 1}\n';
    expect((await withInput(held, 'create', '-f', '-')).code).toBe(0);
    expect((await inA('delete', 'crd', 'gadgets.example.dev', '--wait=false')).code).toBe(0);
    const terminating = await inA(
      'get',
      'crd',
      'gadgets.example.dev',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Terminating")].reason}',
    );
    expect(terminating.stdout).toBe('InstanceDeletionInProgress');
    // Its resources are deleted once the deletion's grace has passed (crd-finalizer: clients deleting a file that
    // holds the CRD and its resources still find them).
    let deleting = '';
    for (let i = 0; i < 50 && !deleting; i++) {
      deleting = (await inA('get', 'gadgets', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}')).stdout;
      if (!deleting) await new Promise((r) => setTimeout(r, 100));
    }
    expect(deleting).not.toBe('');
    const late = await withInput('apiVersion: example.dev/v1\nkind: Gadget\nmetadata: {name: late}\nspec: {x: 1}\n', 'create', '-f', '-');
    expect(late.stderr).toContain('create not allowed while custom resource definition is terminating');
    // Nothing polls: the custom resource's deletion is what lets the CRD go.
    expect((await inA('patch', 'gadget', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}')).code).toBe(0);
    expect((await inA('wait', '--for=delete', 'crd/gadgets.example.dev', '--timeout=10s')).code).toBe(0);
  });

  it('accepts the names a deleted CRD held for another of its group', async () => {
    const named = (plural: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.names.example.dev}
spec:
  group: names.example.dev
  scope: Namespaced
  names: {plural: ${plural}, kind: Thing}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;
    expect((await withInput(named('things'), 'create', '-f', '-')).code).toBe(0);
    expect((await inA('wait', '--for=condition=Established', 'crd/things.names.example.dev', '--timeout=10s')).code).toBe(0);
    expect((await withInput(named('stuffs'), 'create', '-f', '-')).code).toBe(0);
    expect((await inA('wait', '--for=condition=NamesAccepted=False', 'crd/stuffs.names.example.dev', '--timeout=10s')).code).toBe(0);
    expect((await inA('delete', 'crd', 'things.names.example.dev')).code).toBe(0);
    expect((await inA('wait', '--for=condition=Established', 'crd/stuffs.names.example.dev', '--timeout=10s')).code).toBe(0);
  });
});
