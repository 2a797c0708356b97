import { describe, expect, it } from 'vitest';
import { deniedBy, reviewVersion, verifyResponse } from './review.js';

const review = (response: Record<string, unknown>, apiVersion = 'admission.k8s.io/v1') => ({
  apiVersion,
  kind: 'AdmissionReview',
  response,
});
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');

describe('reviewVersion', () => {
  it('takes the first version kube speaks', () => {
    expect(reviewVersion(['v1beta1', 'v1'])).toBe('v1beta1');
    expect(reviewVersion(['v2', 'v1'])).toBe('v1');
    expect(reviewVersion(['v2'])).toBeUndefined();
  });
});

describe('verifyResponse', () => {
  it('reads allowed, status, warnings and a JSON patch', () => {
    expect(
      verifyResponse(
        'v1',
        'u',
        true,
        review({ uid: 'u', allowed: true, warnings: ['w'], patchType: 'JSONPatch', patch: b64([{ op: 'add', path: '/a', value: 1 }]) }),
      ),
    ).toEqual({ allowed: true, warnings: ['w'], patch: [{ op: 'add', path: '/a', value: 1 }] });
  });

  it('refuses what kube refuses, in its words', () => {
    expect(() => verifyResponse('v1', 'u', false, review({ uid: 'other', allowed: true }))).toThrow(
      'expected response.uid="u", got "other"',
    );
    expect(() => verifyResponse('v1', 'u', false, review({ uid: 'u' }, 'admission.k8s.io/v1beta1'))).toThrow(
      'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview',
    );
    expect(() => verifyResponse('v1', 'u', false, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })).toThrow(
      'webhook response was absent',
    );
    expect(() => verifyResponse('v1', 'u', false, review({ uid: 'u', allowed: true, patchType: 'JSONPatch', patch: b64([]) }))).toThrow(
      'validating webhooks may not return patches',
    );
    expect(() => verifyResponse('v1', 'u', true, review({ uid: 'u', allowed: true, patch: b64([]) }))).toThrow(
      'webhook returned response.patch but not response.patchType',
    );
    expect(() => verifyResponse('v1', 'u', true, review({ uid: 'u', allowed: true, patchType: 'Merge', patch: b64([]) }))).toThrow(
      'webhook returned invalid response.patchType of "Merge"',
    );
  });
});

describe('deniedBy', () => {
  it('is kube’s ToStatusErr: the message or reason, a code of 400 or more', () => {
    expect(deniedBy('w', { code: 403, message: 'no', reason: 'Forbidden' }).status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'admission webhook "w" denied the request: no',
    });
    const bare = deniedBy('w', undefined).status;
    expect(bare).toMatchObject({ code: 400, message: 'admission webhook "w" denied the request without explanation' });
    expect(bare.reason).toBeUndefined();
    expect(deniedBy('w', { code: 200, reason: 'Nope' }).status).toMatchObject({
      code: 400,
      message: 'admission webhook "w" denied the request: Nope',
    });
  });
});
