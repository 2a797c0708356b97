// core/v1 Events and events.k8s.io/v1 Events are one store seen through both APIs, as on kube: what is written
// through one is read, selected, watched, changed and deleted through the other, with kube's field mapping
// (regarding ↔ involvedObject, note ↔ message, reportingController ↔ reportingComponent, deprecated* ↔ …).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const k = (...args: string[]) => d.kubectl(args);
const kIn = (input: string, ...args: string[]) => d.kubectl(args, { input });

beforeAll(async () => {
  d = await startTestDaemon();
  await k('create', 'namespace', 'ev');
});
afterAll(async () => d?.stop());

const eventsV1 = (name: string, note: string) => `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ${name}, namespace: ev}
eventTime: 2026-01-01T00:00:00.000000Z
reportingController: example.dev/controller
reportingInstance: instance-1
action: Reconcile
reason: Synced
type: Normal
note: ${note}
regarding: {kind: ConfigMap, name: seed, namespace: ev}
`;

const json = async (...args: string[]) => {
  const r = await k(...args, '-o', 'json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('Events through both APIs', () => {
  it('reads an events.k8s.io Event as a core Event, and a core Event as an events.k8s.io one', async () => {
    expect((await kIn(eventsV1('from-v1', 'hello'), 'create', '-f', '-')).code).toBe(0);
    expect(await json('get', 'events.v1.', 'from-v1', '-n', 'ev')).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      involvedObject: { kind: 'ConfigMap', name: 'seed', namespace: 'ev' },
      message: 'hello',
      reason: 'Synced',
      action: 'Reconcile',
      reportingComponent: 'example.dev/controller',
      reportingInstance: 'instance-1',
      eventTime: '2026-01-01T00:00:00.000000Z',
    });

    const core = `apiVersion: v1
kind: Event
metadata: {name: from-core, namespace: ev}
involvedObject: {kind: Secret, name: s, namespace: ev}
reason: Created
message: made by core
source: {component: legacy}
count: 3
type: Warning
`;
    expect((await kIn(core, 'create', '-f', '-')).code).toBe(0);
    const seen = await json('get', 'events.v1.events.k8s.io', 'from-core', '-n', 'ev');
    expect(seen).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { kind: 'Secret', name: 's' },
      note: 'made by core',
      deprecatedSource: { component: 'legacy' },
      deprecatedCount: 3,
      type: 'Warning',
    });
    expect(seen).not.toHaveProperty('message');
    expect(seen).not.toHaveProperty('involvedObject');
  });

  it('lists both through either API, each selecting by its own field names', async () => {
    const names = async (...args: string[]) => (await k('get', ...args, '-n', 'ev', '-o', 'name')).stdout.trim().split('\n').sort();
    expect(await names('events.v1.')).toEqual(['event/from-core', 'event/from-v1']);
    expect(await names('events.v1.events.k8s.io')).toEqual(['event.events.k8s.io/from-core', 'event.events.k8s.io/from-v1']);
    expect(await names('events.v1.', '--field-selector', 'involvedObject.kind=ConfigMap')).toEqual(['event/from-v1']);
    expect(await names('events.v1.events.k8s.io', '--field-selector', 'regarding.kind=Secret')).toEqual(['event.events.k8s.io/from-core']);
    expect(await names('events.v1.events.k8s.io', '--field-selector', 'reportingController=example.dev/controller')).toEqual([
      'event.events.k8s.io/from-v1',
    ]);
    const table = await k('get', 'events.v1.events.k8s.io', 'from-core', '-n', 'ev');
    expect(table.stdout).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n.* +Warning +Created +secret\/s +made by core$/);
    const printed = await k('events', '-n', 'ev');
    expect(printed.stdout).toContain('ConfigMap/seed');
    expect(printed.stdout).toContain('hello');
  });

  it('watches through one API what is written through the other', async () => {
    const watching = d.kubectl(
      [
        'get',
        'events.v1.events.k8s.io',
        '-n',
        'ev',
        '--watch-only',
        '-o',
        'jsonpath={.metadata.name}:{.note}{"\\n"}',
        '--request-timeout=4s',
      ],
      {
        timeoutMs: 10_000,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    const coreEvent =
      '{"apiVersion":"v1","kind":"Event","metadata":{"name":"watched","namespace":"ev"},"involvedObject":{"kind":"ConfigMap","name":"seed"},"message":"through core"}';
    expect((await d.kubectl(['create', '--raw', '/api/v1/namespaces/ev/events', '-f', '-'], { input: coreEvent })).code).toBe(0);
    const out = await watching;
    expect(out.stdout).toContain('watched:through core');
  });

  it('changes and deletes through either API', async () => {
    expect((await k('patch', 'events.v1.', 'from-v1', '-n', 'ev', '--type=merge', '-p', '{"message":"patched via core"}')).code).toBe(0);
    expect((await json('get', 'events.v1.events.k8s.io', 'from-v1', '-n', 'ev'))['note']).toBe('patched via core');
    // events.k8s.io keeps its records as written (kube's ValidateEventUpdate), whichever API wrote them.
    const refused = await k('patch', 'events.v1.events.k8s.io', 'from-core', '-n', 'ev', '--type=merge', '-p', '{"note":"changed"}');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is invalid');
    expect((await k('delete', 'events.v1.events.k8s.io', 'from-core', '-n', 'ev')).code).toBe(0);
    expect((await k('get', 'events.v1.', 'from-core', '-n', 'ev')).stderr).toContain('events "from-core" not found');
    expect((await k('delete', 'events.v1.', 'from-v1', '-n', 'ev')).code).toBe(0);
    expect((await k('get', 'events.v1.events.k8s.io', 'from-v1', '-n', 'ev')).stderr).toContain('"from-v1" not found');
  });
});
