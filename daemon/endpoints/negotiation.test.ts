import { describe, expect, it } from 'vitest';
import { objectOutput } from './negotiation.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('objectOutput', () => {
  it('chooses the representation kubectl and client-go ask for, the same way every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(objectOutput(TABLE)).toBe('table');
      expect(objectOutput('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json')).toBe('partial');
      expect(objectOutput('application/vnd.kubernetes.protobuf,application/json')).toBe('object');
      expect(objectOutput(undefined)).toBe('object');
    }
  });

  it('refuses what it cannot produce, every time', () => {
    expect(() => objectOutput('text/html')).toThrow();
    expect(() => objectOutput('text/html')).toThrow();
  });
});
