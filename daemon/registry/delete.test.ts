// DELETE reads its options as kube does (the body, else the query), refuses what kube refuses before anything is
// deleted, and keeps the namespaces NamespaceLifecycle keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { removeCollection } from './delete.js';
import type { ResourceDef } from './types.js';
import { statusOf, verbHarness, type VerbHarness } from './verbs.testkit.js';

let h: VerbHarness;
let cm: ResourceDef;
let ns: ResourceDef;

beforeAll(async () => {
  h = verbHarness();
  cm = h.def('', 'configmaps');
  ns = h.def('', 'namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'scratch']) await h.create(ns, { metadata: { name } });
});
afterAll(() => h.close());

describe('DELETE', () => {
  it('deletes nothing when its options are refused', async () => {
    const victim = await h.create(cm, { metadata: { name: 'victim' } });
    for (const [body, query, code] of [
      [{ dryRun: ['Bogus'] }, '', 422],
      [undefined, 'gracePeriodSeconds=abc', 400],
      [undefined, 'propagationPolicy=Sideways', 422],
      [{ orphanDependents: true, propagationPolicy: 'Orphan' }, '', 422],
      [{ dryRun: 'All' }, '', 400],
    ] as const) {
      expect((await statusOf(h.delete(cm, 'victim', body, { query }))).code).toBe(code);
    }
    expect(h.get(cm, 'victim')?.metadata.uid).toBe(victim.metadata.uid);
  });

  it('dry-runs with the body’s dryRun, and reads the query only without a body', async () => {
    await h.delete(cm, 'victim', { dryRun: ['All'] });
    await h.delete(cm, 'victim', undefined, { query: 'dryRun=All' });
    expect(h.get(cm, 'victim')).toBeDefined();
    // With a body, kube does not read the query: this is a real deletion.
    await h.delete(cm, 'victim', {}, { query: 'dryRun=All' });
    expect(h.get(cm, 'victim')).toBeUndefined();
  });

  it('answers failed preconditions as rest.BeforeDelete does, naming the kind', async () => {
    const o: KObject = await h.create(cm, { metadata: { name: 'pre' } });
    expect(await statusOf(h.delete(cm, 'pre', { preconditions: { uid: '' } }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition () does not match the UID in record (${o.metadata.uid}). The object might have been deleted and then recreated`,
      details: { name: 'pre', kind: 'ConfigMap' },
    });
    expect((await statusOf(h.delete(cm, 'pre', { preconditions: { resourceVersion: '1' } }))).message).toBe(
      `Operation cannot be fulfilled on ConfigMap "pre": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${o.metadata.resourceVersion}). The object might have been modified`,
    );
    await h.delete(cm, 'pre', { preconditions: { uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion } });
    expect(h.get(cm, 'pre')).toBeUndefined();
  });

  it('keeps default, kube-system and kube-public, and deletes the other namespaces of a collection', async () => {
    expect(await statusOf(h.delete(ns, 'default', undefined))).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
    expect((await statusOf(removeCollection(h.reg, h.call(ns, {})))).message).toBe(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
    expect(h.get(ns, 'kube-public')?.metadata.deletionTimestamp).toBeUndefined();
    expect(h.get(ns, 'scratch')?.metadata.deletionTimestamp).toBeDefined();
  });
});
