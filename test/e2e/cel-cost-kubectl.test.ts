// A hostile tenant's CEL rules cannot hold the server: a CRD whose rule is estimated to cost too much is refused
// (kube's limits and messages, through the real kubectl), a custom resource whose evaluation would exceed the
// per-call limit fails at once while the server keeps answering, `matches` is RE2 — linear, whatever the pattern —
// and an evaluation the estimate misjudged is stopped at a deadline.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;

async function api(method: string, path: string, body?: unknown) {
  const started = performance.now();
  const res = await request(`${d.url}/clusters/root${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: JSON.parse(text) as { message?: string }, ms: performance.now() - started };
}

// (not `List`: kubectl reads kind List as a list of objects to create)
const crd = (items: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: rosters.example.dev}
spec:
  group: example.dev
  scope: Namespaced
  names: {plural: rosters, kind: Roster}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              items:
                type: array
                ${items}
                items: {type: string, maxLength: 16}
                x-kubernetes-validations:
                - rule: self.all(x, self.all(y, x == y))
              word:
                type: string
                x-kubernetes-validations:
                - {rule: "self.matches('^(a+)+$')", message: "only a's"}
              period:
                type: string
                x-kubernetes-validations:
                - rule: duration(self) > duration('0s')
`;

beforeAll(async () => {
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users[0]!.user.token;
});
afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('CEL rule cost', () => {
  it('refuses a CRD whose rule is quadratic over an unbounded list, with kube’s message', async () => {
    const r = await d.kubectl(['apply', '-f', d.file('unbounded.yaml', crd(''))]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The CustomResourceDefinition "rosters.example.dev" is invalid');
    expect(r.stderr).toContain(
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[items].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
    );
  });

  it('accepts it once maxItems bounds the list', async () => {
    const r = await d.kubectl(['apply', '-f', d.file('bounded.yaml', crd('maxItems: 900'))]);
    expect(r.code, r.stderr).toBe(0);
    expect((await d.kubectl(['wait', '--for=condition=Established', 'crd/rosters.example.dev', '--timeout=10s'])).code).toBe(0);
  });

  it('fails a write whose evaluation would exceed the per-call limit at once, while the server keeps answering', async () => {
    const items = Array.from({ length: 900 }, (_, i) => `item-${String(i).padStart(10, '0')}`);
    const cr = { apiVersion: 'example.dev/v1', kind: 'Roster', metadata: { name: 'big', namespace: 'default' }, spec: { items } };
    const message =
      'spec.items: Invalid value: "array": \'operation cancelled: actual cost limit exceeded\': no further validation rules will be run due to call cost exceeds limit for rule: self.all(x, self.all(y, x == y))';
    const [write, ...others] = await Promise.all([
      api('POST', '/apis/example.dev/v1/namespaces/default/rosters', cr),
      api('GET', '/api/v1/namespaces'),
      api('GET', '/apis/example.dev/v1/rosters'),
    ]);
    expect(write.status).toBe(422);
    expect(write.body.message).toBe(`Roster.example.dev "big" is invalid: ${message}`);
    expect(write.ms).toBeLessThan(1_000);
    expect(others.map((o) => o.status)).toEqual([200, 200]);
    // kubectl shows the same refusal
    const r = await d.kubectl(['create', '-f', d.file('big.json', JSON.stringify(cr))]);
    expect(r.stderr).toContain(message);
    // a list the rule can afford is evaluated
    expect(
      (
        await api('POST', '/apis/example.dev/v1/namespaces/default/rosters', {
          ...cr,
          metadata: { name: 'small', namespace: 'default' },
          spec: { items: ['a', 'a', 'a'] },
        })
      ).status,
    ).toBe(201);
  });

  it('answers a catastrophic pattern on a 100 KB string in milliseconds', async () => {
    const word = `${'a'.repeat(100_000)}b`;
    const write = await api('POST', '/apis/example.dev/v1/namespaces/default/rosters', {
      apiVersion: 'example.dev/v1',
      kind: 'Roster',
      metadata: { name: 'word', namespace: 'default' },
      spec: { word },
    });
    expect(write.status).toBe(422);
    expect(write.body.message).toMatch(/^Roster\.example\.dev "word" is invalid: spec\.word: Invalid value: "a{100000}b": only a's$/);
    expect(write.ms).toBeLessThan(1_000);
  });

  it('stops an evaluation the estimate misjudged at the deadline, and then answers again', async () => {
    // cel-js's duration() backtracks on a long run of digits (minutes for 4000); kube estimates it as one step
    const cr = (name: string, period: string) => ({
      apiVersion: 'example.dev/v1',
      kind: 'Roster',
      metadata: { name, namespace: 'default' },
      spec: { period },
    });
    const [write, other] = await Promise.all([
      api('POST', '/apis/example.dev/v1/namespaces/default/rosters', cr('slow', '1'.repeat(4000))),
      api('GET', '/api/v1/namespaces'),
    ]);
    expect(write.status).toBe(422);
    expect(write.body.message).toBe(
      'Roster.example.dev "slow" is invalid: spec.period: Invalid value: "string": validation failed due to running out of cost budget, no further validation rules will be run',
    );
    expect(write.ms).toBeLessThan(4_000);
    expect(other.status).toBe(200);
    expect((await api('POST', '/apis/example.dev/v1/namespaces/default/rosters', cr('fine', '1h30m'))).status).toBe(201);
  });
});
