// The flowcontrol battery through the real kubectl: discovery, apply with kube's defaults, kube's printer columns,
// validation errors, explain, the status subresource, isolation between workspaces, kube's bootstrap configuration
// in every workspace (recreated and restored as kube-apiserver does), and the battery switched off.
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
metadata: {name: tenant-low}
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
metadata: {name: tenant-accounts}
spec:
  priorityLevelConfiguration: {name: tenant-low}
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

/** Retries an assertion for what a controller does shortly after the request. */
async function eventually(check: () => Promise<void>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

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
    // MISSINGPL is the Dangling condition the flowcontrol controller sets.
    expect(r.stdout).toMatch(/^tenant-accounts +tenant-low +1000 +ByUser +\d+s +False$/m);
    expect(r.stdout).toMatch(/^health +reject-all +200 +<none> +\d+s +False$/m);
  });

  it('prints priority levels with the defaulted shares and queuing, <none> where they do not queue', async () => {
    const r = await inA('get', 'prioritylevelconfigurations');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +TYPE +NOMINALCONCURRENCYSHARES +QUEUES +HANDSIZE +QUEUELENGTHLIMIT +AGE\n/);
    expect(r.stdout).toMatch(/^tenant-low +Limited +30 +64 +8 +50 +\d+s$/m);
    expect(r.stdout).toMatch(/^reject-all +Limited +5 +<none> +<none> +<none> +\d+s$/m);
    const spec = await inA(
      'get',
      'prioritylevelconfiguration',
      'tenant-low',
      '-o',
      'jsonpath={.spec.limited.lendablePercent} {.metadata.generation}',
    );
    expect(spec.stdout).toBe('0 1');
  });

  it('re-applies the same manifests without changes', async () => {
    const r = await inA('apply', '-f', d.file('flowcontrol.yaml', OBJECTS));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('flowschema.flowcontrol.apiserver.k8s.io/tenant-accounts unchanged');
  });

  it("rejects invalid objects with kube's messages", async () => {
    const fs =
      'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata: {name: x}\nspec: {priorityLevelConfiguration: {name: tenant-low}, matchingPrecedence: 20000}\n';
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

  it('bumps generation on spec changes and keeps status to its subresource, where the controller has the last word', async () => {
    expect((await inA('patch', 'flowschema', 'health', '--type', 'merge', '-p', '{"spec":{"matchingPrecedence":300}}')).code).toBe(0);
    const dangling =
      '{"status":{"conditions":[{"type":"Dangling","status":"True","reason":"NotFound","message":"no such priority level"}]}}';
    expect((await inA('patch', 'flowschema', 'health', '--type', 'merge', '-p', dangling)).code).toBe(0);
    expect((await inA('get', 'flowschema', 'health', '--no-headers')).stdout).toMatch(/^health +reject-all +300 +<none> +\d+s +False$/);
    const r = await inA('patch', 'flowschema', 'health', '--subresource=status', '--type', 'merge', '-p', dangling);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('flowschema.flowcontrol.apiserver.k8s.io/health patched');
    // reject-all exists: kube's configuration consumer writes the condition back.
    await eventually(async () =>
      expect((await inA('get', 'flowschema', 'health', '-o', 'jsonpath={.status.conditions[0].message}')).stdout).toBe(
        'This FlowSchema references the PriorityLevelConfiguration object named "reject-all" and it exists',
      ),
    );
    expect((await inA('get', 'flowschema', 'health', '-o', 'jsonpath={.metadata.generation}')).stdout).toBe('2');
  });

  it('marks a FlowSchema whose priority level goes as dangling, and clears it when the level comes back', async () => {
    expect((await inA('delete', 'prioritylevelconfiguration', 'reject-all')).code).toBe(0);
    await eventually(async () => expect((await inA('get', 'flowschema', 'health', '--no-headers')).stdout).toMatch(/ True$/));
    const reason = await inA(
      'get',
      'flowschema',
      'health',
      '-o',
      'jsonpath={.status.conditions[0].reason}: {.status.conditions[0].message}',
    );
    expect(reason.stdout).toBe(
      'NotFound: This FlowSchema references the PriorityLevelConfiguration object named "reject-all" but there is no such object',
    );
    expect((await inA('apply', '-f', d.file('flowcontrol.yaml', OBJECTS))).code).toBe(0);
    await eventually(async () => expect((await inA('get', 'flowschema', 'health', '--no-headers')).stdout).toMatch(/ False$/));
  });

  it('keeps them in their logical cluster', async () => {
    const list = await at('root:b', 'get', 'flowschemas,prioritylevelconfigurations', '-o', 'name');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toMatch(/tenant-|health|reject-all/);
    expect((await at('root:b', 'get', 'flowschema', 'tenant-accounts')).stderr).toContain(
      'Error from server (NotFound): flowschemas.flowcontrol.apiserver.k8s.io "tenant-accounts" not found',
    );
    expect((await at('root:b', 'api-resources', '--api-group=flowcontrol.apiserver.k8s.io')).stdout).toMatch(/^flowschemas /m);
  });
});

// kube-apiserver's bootstrap configuration (k8s.io/apiserver pkg/apis/flowcontrol/bootstrap, Kubernetes 1.32).
const FLOW_SCHEMAS = [
  ['exempt', 'exempt', '1', '<none>'],
  ['probes', 'exempt', '2', '<none>'],
  ['system-leader-election', 'leader-election', '100', 'ByUser'],
  ['endpoint-controller', 'workload-high', '150', 'ByUser'],
  ['workload-leader-election', 'leader-election', '200', 'ByUser'],
  ['system-node-high', 'node-high', '400', 'ByUser'],
  ['system-nodes', 'system', '500', 'ByUser'],
  ['kube-controller-manager', 'workload-high', '800', 'ByNamespace'],
  ['kube-scheduler', 'workload-high', '800', 'ByNamespace'],
  ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace'],
  ['service-accounts', 'workload-low', '9000', 'ByUser'],
  ['global-default', 'global-default', '9900', 'ByUser'],
  ['catch-all', 'catch-all', '10000', 'ByUser'],
];
const PRIORITY_LEVELS = [
  ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>'],
  ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>'],
  ['global-default', 'Limited', '20', '128', '6', '50'],
  ['leader-election', 'Limited', '10', '16', '4', '50'],
  ['node-high', 'Limited', '40', '64', '6', '50'],
  ['system', 'Limited', '30', '64', '6', '50'],
  ['workload-high', 'Limited', '40', '128', '6', '50'],
  ['workload-low', 'Limited', '100', '128', '6', '50'],
];
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => l.split(/ +/).filter((cell) => !/^\d+[smhd]$/.test(cell)));

describe("kube's bootstrap configuration in every workspace", () => {
  beforeAll(async () => createWs('root', 'fresh'));
  const inFresh = (...args: string[]) => at('root:fresh', ...args);

  it('lists the FlowSchemas kube-apiserver creates, in matching order, none dangling', async () => {
    const r = await inFresh('get', 'flowschemas', '--no-headers');
    expect(r.code, r.stderr).toBe(0);
    expect(rows(r.stdout)).toEqual(FLOW_SCHEMAS.map((row) => [...row, 'False']));
  });

  it('lists the PriorityLevelConfigurations kube-apiserver creates', async () => {
    const r = await inFresh('get', 'prioritylevelconfigurations', '--no-headers');
    expect(r.code, r.stderr).toBe(0);
    expect(rows(r.stdout)).toEqual(PRIORITY_LEVELS);
  });

  it("annotates them for auto-update and gives FlowSchemas kube's Dangling condition", async () => {
    const r = await inFresh(
      'get',
      'flowschema',
      'catch-all',
      '-o',
      'jsonpath={.metadata.annotations.apf\\.kubernetes\\.io/autoupdate-spec} {.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}',
    );
    expect(r.stdout).toBe('true Dangling=False Found');
    expect((await at('root', 'get', 'flowschemas', '-o', 'name')).stdout.split('\n').filter(Boolean)).toHaveLength(FLOW_SCHEMAS.length);
  });

  it('recreates a deleted mandatory FlowSchema, and a deleted suggested priority level', async () => {
    const uids = async () =>
      (await inFresh('get', 'flowschema/catch-all', 'prioritylevelconfiguration/workload-low', '-o', 'jsonpath={.items[*].metadata.uid}'))
        .stdout;
    const before = await uids();
    expect(before.split(' ')).toHaveLength(2);
    const del = await inFresh('delete', 'flowschema', 'catch-all');
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toContain('flowschema.flowcontrol.apiserver.k8s.io "catch-all" deleted');
    expect((await inFresh('delete', 'prioritylevelconfiguration', 'workload-low')).code).toBe(0);
    await eventually(async () => {
      const after = (await uids()).split(' ');
      expect(after).toHaveLength(2);
      expect(after.filter((uid) => before.includes(uid))).toEqual([]);
    });
    const r = await inFresh('get', 'flowschema', 'catch-all', '--no-headers');
    expect(r.stdout).toMatch(/^catch-all +catch-all +10000 +ByUser +\d+s +False$/);
  });

  it('restores a mandatory spec, and a suggested one unless its annotation says false', async () => {
    expect((await inFresh('patch', 'flowschema', 'exempt', '--type', 'merge', '-p', '{"spec":{"matchingPrecedence":5}}')).code).toBe(0);
    await eventually(async () =>
      expect(
        (await inFresh('get', 'flowschema', 'exempt', '-o', 'jsonpath={.spec.matchingPrecedence} {.metadata.generation}')).stdout,
      ).toBe('1 3'),
    );
    const keep =
      '{"metadata":{"annotations":{"apf.kubernetes.io/autoupdate-spec":"false"}},"spec":{"limited":{"nominalConcurrencyShares":7}}}';
    expect((await inFresh('patch', 'prioritylevelconfiguration', 'system', '--type', 'merge', '-p', keep)).code).toBe(0);
    expect(
      (
        await inFresh(
          'patch',
          'prioritylevelconfiguration',
          'node-high',
          '--type',
          'merge',
          '-p',
          '{"spec":{"limited":{"nominalConcurrencyShares":7}}}',
        )
      ).code,
    ).toBe(0);
    await eventually(async () =>
      expect(
        (await inFresh('get', 'prioritylevelconfiguration', 'node-high', '-o', 'jsonpath={.spec.limited.nominalConcurrencyShares}')).stdout,
      ).toBe('40'),
    );
    expect(
      (await inFresh('get', 'prioritylevelconfiguration', 'system', '-o', 'jsonpath={.spec.limited.nominalConcurrencyShares}')).stdout,
    ).toBe('7');
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
