// PATCH bodies are decoded and applied as kube's patch handler does, and no body can make the server work
// without bound: the answers come at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from './patch-types.js';
import type { ResourceDef } from './types.js';
import { statusOf, verbHarness, type VerbHarness } from './verbs.testkit.js';

let h: VerbHarness;
let cm: ResourceDef;

beforeAll(async () => {
  h = verbHarness();
  cm = h.def('', 'configmaps');
  await h.create(h.def('', 'namespaces'), { metadata: { name: 'default' } });
  await h.create(cm, { metadata: { name: 'a', finalizers: ['example.com/a'] }, data: { k: 'v' } });
});
afterAll(() => h.close());

const INVALID_PATCH = { code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };

describe('JSON patch', () => {
  it('answers a move of the root into its own child at once, with the 422 kube gives every patch that does not apply', async () => {
    const started = performance.now();
    for (const ops of [
      [{ op: 'move', path: '/spec', from: '' }],
      [{ op: 'move', path: '/metadata/x', from: '/metadata' }],
      [{ op: 'copy', path: '/data/x', from: '' }],
    ]) {
      expect(await statusOf(h.patch(cm, 'a', JSON_PATCH, ops))).toMatchObject(INVALID_PATCH);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('decodes the body as kube does', async () => {
    expect(await statusOf(h.patch(cm, 'a', JSON_PATCH, { op: 'add' }))).toMatchObject({
      code: 400,
      message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    });
    expect((await statusOf(h.patch(cm, 'a', JSON_PATCH, { op: 'add' }, { query: 'fieldValidation=Ignore' }))).message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    expect((await statusOf(h.patch(cm, 'a', JSON_PATCH, [5]))).message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp',
    );
    expect((await statusOf(h.patch(cm, 'a', JSON_PATCH, [{ op: 1, path: '/x' }]))).message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    );
    expect(await statusOf(h.patch(cm, 'a', JSON_PATCH, [null]))).toMatchObject(INVALID_PATCH);
    // null is no operations: nothing changes.
    expect(((await h.patch(cm, 'a', JSON_PATCH, null)).body as KObject).metadata.name).toBe('a');
  });

  it('refuses more than 10 000 operations with 413', async () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/metadata/name', value: 'a' }));
    expect(await statusOf(h.patch(cm, 'a', JSON_PATCH, ops))).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
    expect((await h.patch(cm, 'a', JSON_PATCH, ops.slice(1))).status).toBe(200);
  });

  it('stops copies at 3 MiB and shifting at its budget, within a second', async () => {
    const started = performance.now();
    await h.patch(cm, 'a', MERGE_PATCH, { data: { big: 'x'.repeat(1024 * 1024) } });
    const copies = Array.from({ length: 4 }, (_, i) => ({ op: 'copy', from: '/data/big', path: `/data/c${i}` }));
    expect(await statusOf(h.patch(cm, 'a', JSON_PATCH, copies))).toMatchObject(INVALID_PATCH);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(Object.keys(h.get(cm, 'a')!['data'] as object)).toEqual(['k', 'big']);
  });
});

describe('merge and strategic merge patch bodies', () => {
  it('answers as kube does for bodies that are no object', async () => {
    for (const body of [null, 'x', 5, true])
      expect(await statusOf(h.patch(cm, 'a', MERGE_PATCH, body))).toMatchObject({ code: 400, message: 'Invalid JSON Patch' });
    expect((await statusOf(h.patch(cm, 'a', STRATEGIC_PATCH, [1]))).message).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect((await statusOf(h.patch(cm, 'a', STRATEGIC_PATCH, 'x'))).message).toBe(
      'json: cannot unmarshal string into Go value of type map[string]interface {}',
    );
    expect((await h.patch(cm, 'a', STRATEGIC_PATCH, null)).status).toBe(200);
  });

  it('refuses malformed directives with 400, not 500', async () => {
    for (const body of [
      { metadata: { $retainKeys: 'name' } },
      { metadata: { '$setElementOrder/finalizers': 'x' } },
      { metadata: { $patch: 'bogus' } },
      { metadata: { finalizers: [{ $patch: 'replace' }] } },
    ]) {
      expect((await statusOf(h.patch(cm, 'a', STRATEGIC_PATCH, body))).code).toBe(400);
    }
  });
});
