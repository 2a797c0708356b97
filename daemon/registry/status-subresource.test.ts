// The status subresource: a write through it changes the status (and the managed fields recording it), nothing else;
// what else the kind prepares and validates on update still applies.
import { describe, expect, it } from 'vitest';
import type { FieldError, KObject } from '../apimachinery/types.js';
import { statusSubresource } from './status-subresource.js';
import type { UpdateStrategy } from './strategy.js';
import type { RequestContext } from './types.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };

describe('the status subresource', () => {
  const seen: string[] = [];
  const main: UpdateStrategy = {
    resetFields: (d) => d,
    prepareForUpdate: (obj) => void seen.push(`prepare ${obj.metadata.name}`),
    validateUpdate: (obj): FieldError[] => (seen.push(`validate ${obj.metadata.name}`), []),
  };
  const status = statusSubresource(main);

  it('serves get, patch and update', () => {
    expect(status.verbs).toEqual(['get', 'patch', 'update']);
    expect(['get', 'patch', 'update', 'create'].filter((verb) => verb in status)).toEqual(['get', 'patch', 'update']);
    expect(status.kind).toBeUndefined();
  });

  it('takes the status, the managed fields and the resourceVersion sent, and the rest as stored', () => {
    const old: KObject = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'a', labels: { keep: 'me' }, resourceVersion: '5' },
      spec: { a: 1 },
      status: { phase: 'Old' },
    };
    const sent: KObject = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'a', labels: { changed: 'yes' }, resourceVersion: '5', managedFields: [{ manager: 'm', operation: 'Update' }] },
      spec: { a: 2 },
      status: { phase: 'New' },
    };
    const next = status.updateStrategy!.resetFields(sent, old);
    expect(next).toEqual({
      ...old,
      metadata: { ...old.metadata, managedFields: [{ manager: 'm', operation: 'Update' }] },
      status: { phase: 'New' },
    });
    expect(old['status']).toEqual({ phase: 'Old' });
    const cleared = status.updateStrategy!.resetFields({ apiVersion: 'v1', kind: 'X', metadata: { name: 'a' } }, old);
    expect('status' in cleared).toBe(false);
    expect(cleared.metadata.managedFields).toBeUndefined();
  });

  it('prepares and validates as the kind does', () => {
    const obj: KObject = { metadata: { name: 'b' } };
    status.updateStrategy!.prepareForUpdate(obj, obj, ctx);
    status.updateStrategy!.validateUpdate(obj, obj, ctx);
    expect(seen).toEqual(['prepare b', 'validate b']);
  });
});
