import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import { decodeContinue, encodeContinue } from './continue-token.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function message(token: string, oldest = 0): string {
  try {
    decodeContinue(token, oldest);
  } catch (err) {
    return `${(err as StatusError).status.code} ${(err as StatusError).status.message}`;
  }
  return 'accepted';
}

describe('continue tokens', () => {
  it('round-trips', () => {
    const p = { rv: 42, cluster: 'root', namespace: 'default', name: 'c1' };
    expect(decodeContinue(encodeContinue(p), 1)).toEqual(p);
  });

  it('refuses garbage with kube messages', () => {
    expect(message('garbage!')).toBe('400 invalid continue token: continue key is not valid: illegal base64 data at input byte 7');
    expect(message('abc=')).toBe('400 invalid continue token: continue key is not valid: illegal base64 data at input byte 3');
    expect(message('abcde')).toBe('400 invalid continue token: continue key is not valid: illegal base64 data at input byte 4');
    expect(message(b64('garbage'))).toBe(
      "400 invalid continue token: continue key is not valid: invalid character 'g' looking for beginning of value",
    );
    expect(message(b64('{'))).toBe('400 invalid continue token: continue key is not valid: unexpected end of JSON input');
    expect(message(b64(5))).toBe(
      '400 invalid continue token: continue key is not valid: json: cannot unmarshal number into Go value of type storage.continueToken',
    );
    expect(message(b64({ v: 'x/v9', rv: 1, n: 'a' }))).toBe(
      '400 invalid continue token: continue key is not valid: server does not recognize this encoded version x/v9',
    );
    expect(message(b64({ v: 'meta.k8s.io/v1', rv: 0, n: 'a' }))).toBe(
      '400 invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
    expect(message(b64({ v: 'meta.k8s.io/v1', rv: 3, n: '' }))).toBe(
      '400 invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
  });

  it('expires with the compacted window', () => {
    expect(message(encodeContinue({ rv: 3, cluster: 'c', namespace: '', name: 'a' }), 10)).toMatch(
      /^410 The provided continue parameter is too old/,
    );
  });
});
