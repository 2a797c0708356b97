// kube's flowcontrol configuration producer and the consumer's Dangling conditions, against an in-memory cluster.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { defaultFlowSchema, defaultPriorityLevel } from './defaults.js';
import { AUTO_UPDATE_ANNOTATION, bootstrapConfiguration } from './bootstrap.js';
import {
  BootstrapSet,
  ensureFlowControl,
  parseGoBool,
  revise,
  specEqualish,
  type FlowControlDeps,
  type FlowControlKind,
} from './ensure.js';
import { needsLook } from './controller.js';

const NOW = new Date('2026-01-02T03:04:05.678Z');

/** One logical cluster's FlowSchemas and PriorityLevelConfigurations, with resourceVersions and generations. */
class FakeCluster implements FlowControlDeps {
  readonly objects = new Map<string, KObject>();
  exists = true;
  private rv = 0;
  writes = 0;

  now = () => NOW;
  clusterExists = () => this.exists;
  list = (_c: string, kind: FlowControlKind) => [...this.objects.values()].filter((o) => o.kind === kind).map((o) => structuredClone(o));

  create = (_c: string, obj: KObject, status?: Record<string, unknown>) => {
    const key = `${obj.kind}/${obj.metadata.name}`;
    if (this.objects.has(key)) return undefined;
    this.writes++;
    const stored = { ...structuredClone(obj), status: status ?? {} };
    stored.metadata = { ...stored.metadata, generation: 1, resourceVersion: String(++this.rv) };
    this.objects.set(key, stored);
    return structuredClone(stored);
  };

  update = (_c: string, obj: KObject) => {
    const key = `${obj.kind}/${obj.metadata.name}`;
    const cur = this.objects.get(key);
    if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion) return undefined;
    this.writes++;
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, stored);
    return structuredClone(stored);
  };

  delete = (_c: string, obj: KObject) => {
    const key = `${obj.kind}/${obj.metadata.name}`;
    const cur = this.objects.get(key);
    if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion) return false;
    this.writes++;
    return this.objects.delete(key);
  };

  get(kind: FlowControlKind, name: string): KObject | undefined {
    return this.objects.get(`${kind}/${name}`);
  }

  /** A client's write: the spec changed means a new generation. */
  edit(kind: FlowControlKind, name: string, fn: (o: KObject) => void): void {
    const o = structuredClone(this.get(kind, name)!);
    const spec = JSON.stringify(o['spec']);
    fn(o);
    if (JSON.stringify(o['spec']) !== spec) o.metadata.generation = (o.metadata.generation ?? 0) + 1;
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(`${kind}/${name}`, o);
  }
}

const boots = new BootstrapSet();
const ensure = (c: FakeCluster) => ensureFlowControl(c, boots, 'c');
const names = (c: FakeCluster, kind: FlowControlKind) => c.list('c', kind).map((o) => o.metadata.name);
const dangling = (o: KObject | undefined) => ((o?.['status'] as { conditions?: Array<Record<string, unknown>> }).conditions ?? [])[0];

describe("kube's bootstrap configuration (1.32)", () => {
  it('has the mandatory and suggested objects, each annotated for auto-update', () => {
    const [suggested, mandatory] = bootstrapConfiguration();
    expect(mandatory!.flowSchemas.map((o) => o.metadata.name)).toEqual(['exempt', 'catch-all']);
    expect(mandatory!.priorityLevels.map((o) => o.metadata.name)).toEqual(['catch-all', 'exempt']);
    expect(suggested!.priorityLevels.map((o) => o.metadata.name)).toEqual([
      'system',
      'node-high',
      'leader-election',
      'workload-high',
      'workload-low',
      'global-default',
    ]);
    expect(suggested!.flowSchemas.map((o) => o.metadata.name).sort()).toEqual(
      [
        'system-nodes',
        'system-node-high',
        'probes',
        'system-leader-election',
        'workload-leader-election',
        'endpoint-controller',
        'kube-controller-manager',
        'kube-scheduler',
        'kube-system-service-accounts',
        'service-accounts',
        'global-default',
      ].sort(),
    );
    for (const set of bootstrapConfiguration()) {
      for (const o of [...set.flowSchemas, ...set.priorityLevels])
        expect(o.metadata.annotations).toEqual({ [AUTO_UPDATE_ANNOTATION]: 'true' });
    }
  });

  it("is left unchanged by kube's defaulting, as kube checks of its own", () => {
    for (const set of bootstrapConfiguration()) {
      for (const o of set.flowSchemas) {
        const d = structuredClone(o);
        defaultFlowSchema(d);
        expect(d).toEqual(o);
      }
      for (const o of set.priorityLevels) {
        const d = structuredClone(o);
        defaultPriorityLevel(d);
        expect(d).toEqual(o);
      }
    }
  });

  it('writes the specs as kube does', () => {
    const [suggested, mandatory] = bootstrapConfiguration();
    expect(mandatory!.priorityLevels[0]!['spec']).toEqual({
      type: 'Limited',
      limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' }, lendablePercent: 0 },
    });
    expect(suggested!.flowSchemas.find((o) => o.metadata.name === 'probes')!['spec']).toEqual({
      priorityLevelConfiguration: { name: 'exempt' },
      matchingPrecedence: 2,
      rules: [
        {
          subjects: [
            { kind: 'Group', group: { name: 'system:unauthenticated' } },
            { kind: 'Group', group: { name: 'system:authenticated' } },
          ],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
        },
      ],
    });
    expect(suggested!.priorityLevels.find((o) => o.metadata.name === 'workload-low')!['spec']).toEqual({
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 100,
        limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } },
        lendablePercent: 90,
      },
    });
  });
});

describe('ensureFlowControl', () => {
  it('creates every object in a new cluster, FlowSchemas with their Dangling condition', () => {
    const c = new FakeCluster();
    const out = ensure(c);
    expect(out).toMatchObject({ updated: [], deleted: [], statuses: [] });
    if (out === 'skipped') throw new Error('skipped');
    expect(out.created).toHaveLength(21);
    expect(names(c, 'FlowSchema')).toHaveLength(13);
    expect(names(c, 'PriorityLevelConfiguration')).toHaveLength(8);
    expect(dangling(c.get('FlowSchema', 'probes'))).toEqual({
      type: 'Dangling',
      status: 'False',
      lastTransitionTime: '2026-01-02T03:04:05Z',
      reason: 'Found',
      message: 'This FlowSchema references the PriorityLevelConfiguration object named "exempt" and it exists',
    });
    expect(c.writes).toBe(21);
  });

  it('does nothing the second time', () => {
    const c = new FakeCluster();
    ensure(c);
    const writes = c.writes;
    expect(ensure(c)).toEqual({ created: [], updated: [], deleted: [], statuses: [] });
    expect(c.writes).toBe(writes);
  });

  it('leaves writes that lost a race to the event of the write that won', () => {
    const c = new FakeCluster();
    ensure(c);
    c.objects.delete('FlowSchema/probes');
    c.edit('FlowSchema', 'exempt', (o) => ((o['spec'] as Record<string, unknown>)['matchingPrecedence'] = 9));
    const racing = { ...c, create: () => undefined, update: () => undefined, now: c.now, clusterExists: c.clusterExists, list: c.list };
    expect(ensureFlowControl(racing as FlowControlDeps, boots, 'c')).toEqual({ created: [], updated: [], deleted: [], statuses: [] });
  });

  it('leaves a cluster that is gone alone', () => {
    const c = new FakeCluster();
    c.exists = false;
    expect(ensure(c)).toBe('skipped');
    expect(c.objects.size).toBe(0);
  });

  it('recreates deleted objects, mandatory and suggested', () => {
    const c = new FakeCluster();
    ensure(c);
    c.objects.delete('FlowSchema/catch-all');
    c.objects.delete('PriorityLevelConfiguration/workload-low');
    const out = ensure(c);
    expect(out).toMatchObject({ created: ['PriorityLevelConfiguration/workload-low', 'FlowSchema/catch-all'] });
    expect(c.get('FlowSchema', 'catch-all')!.metadata.annotations).toEqual({ [AUTO_UPDATE_ANNOTATION]: 'true' });
  });

  it("restores a mandatory object's spec whatever its annotation says", () => {
    const c = new FakeCluster();
    ensure(c);
    c.edit('FlowSchema', 'catch-all', (o) => {
      (o['spec'] as Record<string, unknown>)['matchingPrecedence'] = 5000;
      o.metadata.annotations = { [AUTO_UPDATE_ANNOTATION]: 'false' };
    });
    expect(ensure(c)).toMatchObject({ updated: ['FlowSchema/catch-all'] });
    const fs = c.get('FlowSchema', 'catch-all')!;
    expect((fs['spec'] as Record<string, unknown>)['matchingPrecedence']).toBe(10000);
    expect(fs.metadata.annotations).toEqual({ [AUTO_UPDATE_ANNOTATION]: 'true' });
    expect(fs.metadata.generation).toBe(3);
  });

  it("lets operators tune the exempt level's shares and lending", () => {
    const c = new FakeCluster();
    ensure(c);
    c.edit('PriorityLevelConfiguration', 'exempt', (o) => {
      (o['spec'] as { exempt: Record<string, unknown> }).exempt['nominalConcurrencyShares'] = 7;
    });
    expect(ensure(c)).toMatchObject({ updated: [] });
    c.edit('PriorityLevelConfiguration', 'exempt', (o) => {
      o['spec'] = { type: 'Exempt' };
    });
    expect(ensure(c)).toMatchObject({ updated: ['PriorityLevelConfiguration/exempt'] });
  });

  it('restores a suggested spec only while the annotation says true', () => {
    const c = new FakeCluster();
    ensure(c);
    const shares = () => (c.get('PriorityLevelConfiguration', 'workload-low')!['spec'] as { limited: Record<string, unknown> }).limited;
    c.edit('PriorityLevelConfiguration', 'workload-low', (o) => {
      (o['spec'] as { limited: Record<string, unknown> }).limited['nominalConcurrencyShares'] = 1;
    });
    ensure(c);
    expect(shares()['nominalConcurrencyShares']).toBe(100);
    c.edit('PriorityLevelConfiguration', 'workload-low', (o) => {
      (o['spec'] as { limited: Record<string, unknown> }).limited['nominalConcurrencyShares'] = 1;
      o.metadata.annotations = { [AUTO_UPDATE_ANNOTATION]: 'F' };
    });
    expect(ensure(c)).toMatchObject({ updated: [] });
    expect(shares()['nominalConcurrencyShares']).toBe(1);
  });

  it('decides from the generation when the annotation is missing or unreadable, and writes what it decided', () => {
    const boot = boots.priorityLevels.get('system')!;
    const edited: KObject = {
      ...structuredClone(boot.object),
      metadata: { name: 'system', generation: 2, annotations: { [AUTO_UPDATE_ANNOTATION]: 'yes' } },
    };
    (edited['spec'] as { limited: Record<string, unknown> }).limited['lendablePercent'] = 1;
    expect(revise('PriorityLevelConfiguration', edited, boot)!.metadata.annotations).toEqual({ [AUTO_UPDATE_ANNOTATION]: 'false' });
    const unedited: KObject = { ...structuredClone(boot.object), metadata: { name: 'system', generation: 1 } };
    expect(revise('PriorityLevelConfiguration', unedited, boot)!.metadata.annotations).toEqual({ [AUTO_UPDATE_ANNOTATION]: 'true' });
  });

  it('deletes objects marked for auto-update that kube no longer bootstraps, and keeps the others', () => {
    const c = new FakeCluster();
    ensure(c);
    for (const [name, value] of [
      ['old', 'true'],
      ['mine', 'false'],
      ['odd', 'maybe'],
    ] as const) {
      c.create('c', {
        ...structuredClone(boots.priorityLevels.get('system')!.object),
        metadata: { name, annotations: { [AUTO_UPDATE_ANNOTATION]: value } },
      });
    }
    c.create('c', { ...structuredClone(boots.priorityLevels.get('system')!.object), metadata: { name: 'plain' } });
    expect(ensure(c)).toMatchObject({ deleted: ['PriorityLevelConfiguration/old'] });
    expect(names(c, 'PriorityLevelConfiguration')).toEqual(expect.arrayContaining(['mine', 'odd', 'plain']));
  });

  it("sets the Dangling condition as kube's consumer does, keeping other conditions", () => {
    const c = new FakeCluster();
    ensure(c);
    const other = { type: 'Other', status: 'True' };
    c.create(
      'c',
      {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        metadata: { name: 'mine' },
        spec: { priorityLevelConfiguration: { name: 'nope' }, matchingPrecedence: 50 },
      },
      { conditions: [other] },
    );
    expect(ensure(c)).toMatchObject({ statuses: ['mine'] });
    expect(c.get('FlowSchema', 'mine')!['status']).toEqual({
      conditions: [
        other,
        {
          type: 'Dangling',
          status: 'True',
          lastTransitionTime: '2026-01-02T03:04:05Z',
          reason: 'NotFound',
          message: 'This FlowSchema references the PriorityLevelConfiguration object named "nope" but there is no such object',
        },
      ],
    });
    c.objects.delete('PriorityLevelConfiguration/global-default');
    c.objects.delete('PriorityLevelConfiguration/workload-low');
    c.edit('PriorityLevelConfiguration', 'workload-high', (o) => (o.metadata.annotations = { [AUTO_UPDATE_ANNOTATION]: 'false' }));
    // Recreated before FlowSchemas are looked at: nothing dangles on their account.
    expect(ensure(c)).toMatchObject({ statuses: [] });
  });
});

describe('specEqualish and parseGoBool', () => {
  it("compares specs as kube's semantic equality does: absent, empty and false are the same", () => {
    const boot = boots.flowSchemas.get('catch-all')!.object;
    const written = structuredClone(boot);
    const rule = (written['spec'] as { rules: Array<Record<string, unknown>> }).rules[0]!;
    rule['extra'] = [];
    (rule['resourceRules'] as Array<Record<string, unknown>>)[0]!['clusterScope'] = true;
    expect(specEqualish('FlowSchema', boot, written)).toBe(true);
    (rule['subjects'] as unknown[]).reverse();
    expect(specEqualish('FlowSchema', boot, written)).toBe(false);
  });

  it('reads booleans as Go does', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true));
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual(Array(6).fill(false));
    expect(['yes', '', 'tRUE', undefined].map(parseGoBool)).toEqual(Array(4).fill(undefined));
  });
});

describe('which events the controller looks at', () => {
  const ev = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KObject) => ({
    type,
    rv: 1,
    cluster: 'c',
    resource: '',
    namespace: '',
    name: object.metadata.name!,
    object,
  });
  const c = new FakeCluster();
  ensure(c);

  it('skips its own creations', () => {
    for (const o of c.objects.values()) expect(needsLook(ev('ADDED', o), boots)).toBe(false);
  });

  it('looks at deletions of bootstrap objects and of any priority level', () => {
    expect(needsLook(ev('DELETED', c.get('FlowSchema', 'catch-all')!), boots)).toBe(true);
    expect(needsLook(ev('DELETED', { ...c.get('FlowSchema', 'catch-all')!, metadata: { name: 'mine' } }), boots)).toBe(false);
    expect(needsLook(ev('DELETED', { ...c.get('PriorityLevelConfiguration', 'system')!, metadata: { name: 'mine' } }), boots)).toBe(true);
  });

  it('looks at edits that drift from the bootstrap, new levels, and FlowSchemas without a plausible condition', () => {
    const drifted = structuredClone(c.get('FlowSchema', 'exempt')!);
    (drifted['spec'] as Record<string, unknown>)['matchingPrecedence'] = 3;
    expect(needsLook(ev('MODIFIED', drifted), boots)).toBe(true);
    const level = { ...c.get('PriorityLevelConfiguration', 'system')!, metadata: { name: 'mine' } };
    expect(needsLook(ev('ADDED', level), boots)).toBe(true);
    expect(needsLook(ev('MODIFIED', level), boots)).toBe(false);
    const fresh = { ...c.get('FlowSchema', 'exempt')!, metadata: { name: 'mine' }, status: {} };
    expect(needsLook(ev('ADDED', fresh), boots)).toBe(true);
  });
});
