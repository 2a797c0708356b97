import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { checkConverted, conversionRequest, ConversionFailure, convertedObjects } from './review.js';

const obj = (apiVersion: string, extra: Partial<KObject['metadata']> = {}): KObject => ({
  apiVersion,
  kind: 'Server',
  metadata: { name: 'a', namespace: 'ns', uid: 'u1', resourceVersion: '7', labels: { l: '1' }, ...extra },
  spec: { x: 1 },
});

describe('conversionRequest', () => {
  it('uses the first review version kube knows, and sends the objects and the desired version', () => {
    const r = conversionRequest(['v2', 'v1beta1', 'v1'], [obj('g/v1')], 'g/v2')!;
    expect(r.reviewVersion).toBe('apiextensions.k8s.io/v1beta1');
    expect(JSON.parse(r.body)).toEqual({
      kind: 'ConversionReview',
      apiVersion: 'apiextensions.k8s.io/v1beta1',
      request: { uid: r.uid, desiredAPIVersion: 'g/v2', objects: [obj('g/v1')] },
    });
    expect(conversionRequest(['v2'], [], 'g/v2')).toBeUndefined();
  });
});

describe('convertedObjects', () => {
  const req = conversionRequest(['v1'], [obj('g/v1')], 'g/v2')!;
  const review = (response: unknown, kind = 'ConversionReview') => ({ apiVersion: 'apiextensions.k8s.io/v1', kind, response });
  const failure = (answer: unknown, r = req) => {
    try {
      convertedObjects(r, answer);
    } catch (err) {
      expect(err).toBeInstanceOf(ConversionFailure);
      return (err as Error).message;
    }
    return undefined;
  };

  it('returns the converted objects of a successful answer', () => {
    expect(convertedObjects(req, review({ uid: req.uid, result: { status: 'Success' }, convertedObjects: [1] }))).toEqual([1]);
  });

  it('refuses a v1 answer of another kind or uid, none, or a failure, in kube’s words', () => {
    expect(failure(review({}, 'AdmissionReview'))).toBe(
      'expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got apiextensions.k8s.io/v1, Kind=AdmissionReview',
    );
    expect(failure(review(null))).toBe('no response provided');
    expect(failure(review({ uid: 'x', result: { status: 'Success' } }))).toBe(`expected response.uid="${req.uid}", got "x"`);
    expect(failure(review({ uid: req.uid, result: { status: 'Failure', message: 'nope' } }))).toBe('nope');
    expect(failure(review({ uid: req.uid, result: {} }))).toBe("response.result.status was '', not 'Success'");
  });

  it('checks neither kind nor uid of a v1beta1 answer, as kube', () => {
    const beta = conversionRequest(['v1beta1'], [obj('g/v1')], 'g/v2')!;
    expect(convertedObjects(beta, { response: { uid: 'other', result: { status: 'Success' }, convertedObjects: [] } })).toEqual([]);
  });
});

describe('checkConverted', () => {
  const message = (original: KObject, converted: unknown, index?: number) => {
    try {
      checkConverted(original, converted, 'g/v2', index);
    } catch (err) {
      return (err as Error).message;
    }
    return undefined;
  };

  it('keeps the original metadata but the webhook’s labels and annotations', () => {
    const converted = obj('g/v2', { resourceVersion: '1', labels: { m: '2' }, annotations: { a: 'b' }, generation: 9 });
    const out = checkConverted(obj('g/v1'), converted, 'g/v2');
    expect(out.metadata).toEqual({
      name: 'a',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '7',
      labels: { m: '2' },
      annotations: { a: 'b' },
    });
    expect(checkConverted(obj('g/v1'), obj('g/v2', { labels: undefined }), 'g/v2').metadata.labels).toBeUndefined();
  });

  it('refuses another version, kind, name or uid, and labels that are not labels, in kube’s words', () => {
    expect(message(obj('g/v1'), obj('g/v3'))).toBe(
      'returned invalid object at index 0: invalid groupVersion (expected g/v2, received g/v3)',
    );
    expect(message(obj('g/v1'), { ...obj('g/v2'), kind: 'Other' }, 0)).toBe(
      'returned invalid converted object at index 1: invalid kind (expected Server, received Other)',
    );
    expect(message(obj('g/v1'), obj('g/v2', { name: 'b' }))).toBe('returned invalid object: must have the same name: a != b');
    expect(message(obj('g/v1'), obj('g/v2', { uid: 'u2' }), 1)).toBe(
      'returned invalid converted object at index 2: must have the same UID: u1 != u2',
    );
    expect(message(obj('g/v1'), obj('g/v2', { labels: { k: 1 as unknown as string } }))).toBe(
      'returned invalid metadata: metadata.labels[k] must be a string, but is float64 in converted object',
    );
    expect(message(obj('g/v1'), obj('g/v2', { labels: { 'bad key!': 'v' } }), 0)).toMatch(
      /^returned invalid metadata in object at index 1: metadata\.labels: Invalid value: "bad key!": /,
    );
    expect(message(obj('g/v1'), [])).toBe(
      'returned invalid object at index 0: json: cannot unmarshal []interface {} into Go value of type map[string]interface {}',
    );
  });
});
