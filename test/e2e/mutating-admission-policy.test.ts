// MutatingAdmissionPolicy with the real kubectl: policies and bindings applied in a workspace mutate the configmaps
// kubectl then creates — a JSONPatch adding a label, an apply configuration setting data, params, a matchCondition
// that skips, failurePolicy on a CEL runtime error — and the kinds refuse what kube refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;

async function ok(p: Promise<{ code: number; stderr: string; stdout: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

async function workspace(name: string): Promise<void> {
  await ok(
    d.kubectl(['create', '-f', '-'], {
      server: `${d.url}/clusters/root`,
      input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`,
    }),
  );
  for (let i = 0; i < 100; i++) {
    const r = await d.kubectl(['get', 'workspace', name, '-o', 'jsonpath={.status.phase}'], { server: `${d.url}/clusters/root` });
    if (r.stdout === 'Ready') return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

const kubectl = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root:mutating` });
const apply = (yaml: string) => ok(d.kubectl(['apply', '-f', '-'], { server: `${d.url}/clusters/root:mutating`, input: yaml }));
const json = async (...args: string[]) => JSON.parse(await ok(kubectl(...args, '-o', 'json'))) as Record<string, Record<string, unknown>>;

/** A policy on configmaps creates in namespace `ns`, bound without params. */
function policy(name: string, ns: string, spec: string, binding = ''): string {
  return `apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata: {name: ${name}}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}
${spec}
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec:
  policyName: ${name}
${binding}
`;
}

beforeAll(async () => {
  d = await startTestDaemon();
  await workspace('mutating');
  for (const ns of ['jp', 'ac', 'params', 'cond', 'fail', 'ignore']) await ok(kubectl('create', 'namespace', ns));
}, 60_000);

afterAll(async () => {
  await d?.stop();
});

describe('MutatingAdmissionPolicy', () => {
  it('is served in admissionregistration.k8s.io/v1beta1', async () => {
    const out = await ok(kubectl('api-resources', '--api-group=admissionregistration.k8s.io', '-o', 'name'));
    expect(out.split('\n')).toEqual(expect.arrayContaining(['mutatingadmissionpolicies.admissionregistration.k8s.io']));
    expect(await ok(kubectl('explain', 'mutatingadmissionpolicybinding', '--api-version=admissionregistration.k8s.io/v1beta1'))).toContain(
      'MutatingAdmissionPolicyBinding',
    );
  });

  it('adds a label with a JSONPatch, the key escaped by jsonpatch.escapeKey', async () => {
    await apply(
      policy(
        'add-label',
        'jp',
        `  reinvocationPolicy: Never
  mutations:
  - patchType: JSONPatch
    jsonPatch:
      expression: >-
        [JSONPatch{op: "add", path: "/metadata/labels", value: {}},
         JSONPatch{op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("example.com/team"), value: "blue"}]`,
      ),
    );
    await ok(kubectl('create', 'configmap', 'one', '-n', 'jp', '--from-literal=k=v'));
    const cm = await json('get', 'configmap', 'one', '-n', 'jp');
    expect(cm['metadata']!['labels']).toEqual({ 'example.com/team': 'blue' });
    // the policy was defaulted as kube defaults it
    const p = await json('get', 'mutatingadmissionpolicy', 'add-label');
    expect(p['spec']).toMatchObject({ failurePolicy: 'Fail', reinvocationPolicy: 'Never' });
  });

  it('sets fields with an apply configuration, merged into what the object has', async () => {
    await apply(
      policy(
        'set-data',
        'ac',
        `  reinvocationPolicy: IfNeeded
  mutations:
  - patchType: ApplyConfiguration
    applyConfiguration:
      expression: 'Object{data: {"added": "yes"}, metadata: Object.metadata{labels: {"size": string(size(object.data))}}}'`,
      ),
    );
    await ok(kubectl('create', 'configmap', 'two', '-n', 'ac', '--from-literal=k=v'));
    const cm = await json('get', 'configmap', 'two', '-n', 'ac');
    expect(cm['data']).toEqual({ k: 'v', added: 'yes' });
    expect(cm['metadata']!['labels']).toEqual({ size: '1' });
  });

  it('reads params from the binding’s paramRef, and skips what a matchCondition excludes', async () => {
    await ok(kubectl('create', 'configmap', 'team-params', '-n', 'params', '--from-literal=team=red'));
    await apply(
      policy(
        'from-params',
        'params',
        `  reinvocationPolicy: Never
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConditions:
  - name: not-the-params
    expression: 'object.metadata.name != "team-params" && !object.metadata.name.startsWith("skip")'
  variables:
  - name: team
    expression: params.data.team
  mutations:
  - patchType: JSONPatch
    jsonPatch:
      expression: >-
        (has(object.metadata.annotations) ? [] : [JSONPatch{op: "add", path: "/metadata/annotations", value: {}}])
        + [JSONPatch{op: "add", path: "/metadata/annotations/team", value: variables.team}]`,
        '  paramRef: {name: team-params, namespace: params, parameterNotFoundAction: Deny}',
      ),
    );
    await ok(kubectl('create', 'configmap', 'three', '-n', 'params'));
    expect((await json('get', 'configmap', 'three', '-n', 'params'))['metadata']!['annotations']).toMatchObject({ team: 'red' });
    await ok(kubectl('create', 'configmap', 'skipped', '-n', 'params'));
    expect((await json('get', 'configmap', 'skipped', '-n', 'params'))['metadata']!['annotations']).not.toHaveProperty('team');
  });

  it('refuses a request whose mutation fails at runtime, unless its failurePolicy is Ignore', async () => {
    const failing = (name: string, ns: string, failurePolicy: string) =>
      policy(
        name,
        ns,
        `  failurePolicy: ${failurePolicy}
  reinvocationPolicy: Never
  mutations:
  - patchType: JSONPatch
    jsonPatch:
      expression: '[JSONPatch{op: "add", path: "/data/x", value: object.data.missing}]'
  - patchType: JSONPatch
    jsonPatch:
      expression: '[JSONPatch{op: "add", path: "/metadata/labels", value: {"after": "error"}}]'`,
      );
    await apply(failing('fails', 'fail', 'Fail'));
    const r = await kubectl('create', 'configmap', 'four', '-n', 'fail', '--from-literal=k=v');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `error: failed to create configmap: policy 'fails' with binding 'fails' denied request: expression '[JSONPatch{op: "add", path: "/data/x", value: object.data.missing}]' resulted in error: `,
    );
    expect((await kubectl('get', 'configmap', 'four', '-n', 'fail')).code).not.toBe(0);
    await apply(failing('ignores', 'ignore', 'Ignore'));
    await ok(kubectl('create', 'configmap', 'five', '-n', 'ignore', '--from-literal=k=v'));
    const cm = await json('get', 'configmap', 'five', '-n', 'ignore');
    // the failed mutation is ignored, the next one still applies
    expect(cm['data']).toEqual({ k: 'v' });
    expect(cm['metadata']!['labels']).toEqual({ after: 'error' });
  });

  it('refuses a policy or binding kube refuses', async () => {
    const r = await d.kubectl(['apply', '-f', '-'], {
      server: `${d.url}/clusters/root:mutating`,
      input: `apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata: {name: bad}
spec:
  reinvocationPolicy: Sometimes
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [DELETE], resources: [configmaps]}]
  mutations:
  - patchType: JSONPatch
    jsonPatch: {expression: '[Nope{}]'}
`,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'spec.matchConstraints.resourceRules[0].operations[0]: Unsupported value: "DELETE": supported values: "*", "CONNECT", "CREATE", "UPDATE"',
    );
    expect(r.stderr).toContain('spec.reinvocationPolicy: Unsupported value: "Sometimes": supported values: "IfNeeded", "Never"');
    expect(r.stderr).toContain(
      `spec.mutations[0].jsonPatch.expression: Invalid value: "[Nope{}]": compilation failed: ERROR: <input>: undeclared reference to 'Nope' (in container '')`,
    );
    const b = await d.kubectl(['apply', '-f', '-'], {
      server: `${d.url}/clusters/root:mutating`,
      input: `apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata: {name: bad}
spec: {paramRef: {}}
`,
    });
    expect(b.stderr).toContain('spec.policyName: Required value');
    expect(b.stderr).toContain('spec.paramRef: Required value: one of name or selector must be specified');
  });
});
