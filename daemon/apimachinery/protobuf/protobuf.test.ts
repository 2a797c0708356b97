import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './index.js';
import { readFields } from './wire.js';

// Test-only encoder for length-delimited fields and varints.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const ld = (no: number, bytes: number[]): number[] => [...varint((no << 3) | 2), ...varint(bytes.length), ...bytes];
const str = (no: number, s: string): number[] => ld(no, [...Buffer.from(s)]);
const vi = (no: number, n: number): number[] => [...varint(no << 3), ...varint(n)];
const envelope = (apiVersion: string, kind: string, raw: number[]) =>
  Buffer.from([0x6b, 0x38, 0x73, 0x00, ...ld(1, [...str(1, apiVersion), ...str(2, kind)]), ...ld(2, raw), ...str(3, ''), ...str(4, '')]);

describe('Kubernetes protobuf bodies', () => {
  it('decodes kubectl create cm c1 -n demo --from-literal=a=1 byte for byte', () => {
    const hex =
      '6b3873000a0f0a0276311209436f6e6669674d617012200a160a0263311200' + '1a0464656d6f22002a0032003800420012060a0161120131' + '1a002200';
    const buf = Buffer.from(hex, 'hex');
    expect(isKubernetesProtobuf(buf)).toBe(true);
    expect(decodeKubernetesProtobuf(buf)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c1', namespace: 'demo' },
      data: { a: '1' },
    });
  });

  it('decodes secrets (bytes as base64), RBAC and access reviews', () => {
    const secret = decodeKubernetesProtobuf(
      envelope('v1', 'Secret', [...ld(1, str(1, 's1')), ...ld(2, [...str(1, 'x'), ...str(2, 'y')]), ...str(3, '')]),
    );
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { x: 'eQ==' } });
    const role = decodeKubernetesProtobuf(
      envelope('rbac.authorization.k8s.io/v1', 'Role', [
        ...ld(1, str(1, 'r')),
        ...ld(2, [...str(1, 'get'), ...str(1, 'list'), ...str(2, ''), ...str(3, 'configmaps')]),
      ]),
    );
    expect(role['rules']).toEqual([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }]);
    const ssar = decodeKubernetesProtobuf(
      envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
        ...ld(1, []),
        ...ld(2, ld(1, [...str(1, 'demo'), ...str(2, 'create'), ...str(5, 'configmaps')])),
      ]),
    );
    expect(ssar['spec']).toEqual({ resourceAttributes: { namespace: 'demo', verb: 'create', resource: 'configmaps' } });
    const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...ld(1, [...str(1, 'n'), ...vi(7, 0)])]));
    expect(ns.metadata).toEqual({ name: 'n' });
  });

  it('answers 415 for kinds it does not know', () => {
    expect(() => decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', []))).toThrow(StatusError);
  });

  it('reads back any sequence of fields it is given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.oneof(fc.string(), fc.integer({ min: 0, max: 2 ** 30 }))), {
          maxLength: 20,
        }),
        (fields) => {
          const bytes = fields.flatMap(([no, v]) => (typeof v === 'string' ? str(no, v) : vi(no, v)));
          const read = [...readFields(Buffer.from(bytes))];
          expect(read.map((f) => f.no)).toEqual(fields.map(([no]) => no));
          read.forEach((f, i) => {
            const v = fields[i]![1];
            if (typeof v === 'string') expect(f.bytes!.toString()).toBe(v);
            else expect(Number(f.varint)).toBe(v);
          });
        },
      ),
    );
  });
});
