// The flowcontrol battery through the real kubectl: discovery, apply with kube's defaults, kube's printer columns,
// validation errors, explain, the status subresource, isolation between workspaces, and the battery switched off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const inA = (...args: string[]) => at('root:a', ...args);

async function createWs(parent: string, name: string): Promise<void> {
  const c = await d.kubectl(['create', '-f', '-'], {
    server: `${d.url}/clusters/${parent}`,
    input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`,
  });
  if (c.code !== 0) throw new Error(c.stderr);
  for (let i = 0; i < 200; i++) {
    if ((await at(parent, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}')).stdout === 'Ready') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workspace ${parent}:${name} did not become Ready`);
}

const OBJECTS = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: workload-low}
spec:
  type: Limited
  limited:
    limitResponse:
      type: Queue
      queuing: {}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: reject-all}
spec:
  type: Limited
  limited: {nominalConcurrencyShares: 5, limitResponse: {type: Reject}}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: service-accounts}
spec:
  priorityLevelConfiguration: {name: workload-low}
  distinguisherMethod: {type: ByUser}
  rules:
  - subjects:
    - kind: Group
      group: {name: "system:serviceaccounts"}
    resourceRules:
    - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], clusterScope: true, namespaces: ["*"]}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: health}
spec:
  priorityLevelConfiguration: {name: reject-all}
  matchingPrecedence: 200
  rules:
  - subjects: [{kind: User, user: {name: "*"}}]
    nonResourceRules: [{verbs: [get], nonResourceURLs: ["/healthz", "/readyz"]}]
`;

beforeAll(async () => {
  d = await startTestDaemon();
  await createWs('root', 'a');
  await createWs('root', 'b');
  const applied = await inA('apply', '-f', d.file('flowcontrol.yaml', OBJECTS));
  if (applied.code !== 0) throw new Error(applied.stderr);
});
afterAll(async () => d?.stop());

describe('discovery', () => {
  it('lists both kinds as kube does: cluster-scoped, no short names', async () => {
    const r = await inA('api-resources', '--api-group=flowcontrol.apiserver.k8s.io');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND\n/);
    expect(r.stdout).toMatch(/^flowschemas +flowcontrol\.apiserver\.k8s\.io\/v1 +false +FlowSchema$/m);
    expect(r.stdout).toMatch(/^prioritylevelconfigurations +flowcontrol\.apiserver\.k8s\.io\/v1 +false +PriorityLevelConfiguration$/m);
  });

  it('explains the schema down to nested types', async () => {
    const r = await inA('explain', 'flowschema.spec.priorityLevelConfiguration');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^FIELD: +priorityLevelConfiguration <PriorityLevelConfigurationReference>$/m);
    expect(r.stdout).toMatch(/^ {2}name\t<string> -required-$/m);
    const v2 = await inA('explain', 'prioritylevelconfiguration.spec.limited.limitResponse.queuing', '--output=plaintext-openapiv2');
    expect(v2.code, v2.stderr).toBe(0);
    expect(v2.stdout).toMatch(/^ {3}handSize\t<integer>$/m);
  });
});

describe('objects', () => {
  it("prints FlowSchemas with kube's columns and the defaulted precedence", async () => {
    const r = await inA('get', 'flowschemas');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +PRIORITYLEVEL +MATCHINGPRECEDENCE +DISTINGUISHERMETHOD +AGE +MISSINGPL\n/);
    expect(r.stdout).toMatch(/^service-accounts +workload-low +1000 +ByUser +\d+s +\?$/m);
    expect(r.stdout).toMatch(/^health +reject-all +200 +<none> +\d+s +\?$/m);
  });

  it('prints priority levels with the defaulted shares and queuing, <none> where they do not queue', async () => {
    const r = await inA('get', 'prioritylevelconfigurations');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +TYPE +NOMINALCONCURRENCYSHARES +QUEUES +HANDSIZE +QUEUELENGTHLIMIT +AGE\n/);
    expect(r.stdout).toMatch(/^workload-low +Limited +30 +64 +8 +50 +\d+s$/m);
    expect(r.stdout).toMatch(/^reject-all +Limited +5 +<none> +<none> +<none> +\d+s$/m);
    const spec = await inA(
      'get',
      'prioritylevelconfiguration',
      'workload-low',
      '-o',
      'jsonpath={.spec.limited.lendablePercent} {.metadata.generation}',
    );
    expect(spec.stdout).toBe('0 1');
  });

  it('re-applies the same manifests without changes', async () => {
    const r = await inA('apply', '-f', d.file('flowcontrol.yaml', OBJECTS));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('flowschema.flowcontrol.apiserver.k8s.io/service-accounts unchanged');
  });

  it("rejects invalid objects with kube's messages", async () => {
    const fs =
      'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata: {name: x}\nspec: {priorityLevelConfiguration: {name: workload-low}, matchingPrecedence: 20000}\n';
    const r = await inA('create', '-f', d.file('bad-fs.yaml', fs));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'The FlowSchema "x" is invalid: spec.matchingPrecedence: Invalid value: 20000: must not be greater than 10000',
    );
    const pl =
      'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\nmetadata: {name: bad}\nspec: {type: Limited, limited: {limitResponse: {type: Queue, queuing: {queues: 4, handSize: 5}}}}\n';
    const p = await inA('create', '-f', d.file('bad-pl.yaml', pl));
    expect(p.code).not.toBe(0);
    expect(p.stderr).toContain(
      'The PriorityLevelConfiguration "bad" is invalid: spec.limited.limitResponse.queuing.handSize: Invalid value: 5: should not be greater than queues (4)',
    );
    const missing = await inA('patch', 'flowschema', 'health', '--type', 'merge', '-p', '{"spec":{"priorityLevelConfiguration":null}}');
    expect(missing.stderr).toContain('spec.priorityLevelConfiguration.name: Required value: must reference a priority level');
  });

  it('bumps generation on spec changes and keeps status to its subresource', async () => {
    expect((await inA('patch', 'flowschema', 'health', '--type', 'merge', '-p', '{"spec":{"matchingPrecedence":300}}')).code).toBe(0);
    const dangling =
      '{"status":{"conditions":[{"type":"Dangling","status":"True","reason":"NotFound","message":"no such priority level"}]}}';
    expect((await inA('patch', 'flowschema', 'health', '--type', 'merge', '-p', dangling)).code).toBe(0);
    expect((await inA('get', 'flowschema', 'health', '--no-headers')).stdout).toMatch(/^health +reject-all +300 +<none> +\d+s +\?$/);
    const r = await inA('patch', 'flowschema', 'health', '--subresource=status', '--type', 'merge', '-p', dangling);
    expect(r.code, r.stderr).toBe(0);
    expect((await inA('get', 'flowschema', 'health', '--no-headers')).stdout).toMatch(/^health +reject-all +300 +<none> +\d+s +True$/);
    expect((await inA('get', 'flowschema', 'health', '-o', 'jsonpath={.metadata.generation}')).stdout).toBe('2');
  });

  it('keeps them in their logical cluster', async () => {
    const list = await at('root:b', 'get', 'flowschemas,prioritylevelconfigurations');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toContain('No resources found');
    expect((await at('root:b', 'get', 'flowschema', 'service-accounts')).stderr).toContain(
      'Error from server (NotFound): flowschemas.flowcontrol.apiserver.k8s.io "service-accounts" not found',
    );
    expect((await at('root:b', 'api-resources', '--api-group=flowcontrol.apiserver.k8s.io')).stdout).toMatch(/^flowschemas /m);
  });
});

describe('without the flowcontrol battery', () => {
  it('serves neither kind', async () => {
    const bare = await startTestDaemon(['--batteries=-flowcontrol']);
    try {
      const r = await bare.kubectl(['api-resources', '--api-group=flowcontrol.apiserver.k8s.io']);
      expect(r.stdout).not.toMatch(/flowschemas|prioritylevelconfigurations/);
      expect((await bare.kubectl(['get', 'flowschemas'])).stderr).toContain('the server doesn\'t have a resource type "flowschemas"');
      expect((await bare.kubectl(['api-resources'])).stdout).toMatch(/^leases +/m);
    } finally {
      await bare.stop();
    }
  });
});
