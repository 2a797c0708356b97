import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { reconcilePolicyStatus, statusCurrent, type PolicyStatusDeps } from './status.js';

function fake(policy: KObject | undefined, warnings: Array<{ fieldRef: string; warning: string }> = []) {
  const writes: unknown[] = [];
  const deps: PolicyStatusDeps = {
    get: () => policy,
    warnings: () => Promise.resolve(warnings),
    writeStatus: (_c, _p, status) => {
      writes.push(status);
      return true;
    },
  };
  return { deps, writes };
}

const policy = (generation: number, status?: unknown): KObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'p', generation, resourceVersion: '7' },
  spec: {},
  ...(status ? { status } : {}),
});

describe('reconcilePolicyStatus', () => {
  it('judges a new generation: observedGeneration and typeChecking', async () => {
    const { deps, writes } = fake(policy(2), [{ fieldRef: 'spec.validations[0].expression', warning: 'compilation failed' }]);
    expect(await reconcilePolicyStatus(deps, 'c', 'p')).toBe('written');
    expect(writes).toEqual([
      {
        observedGeneration: 2,
        typeChecking: { expressionWarnings: [{ fieldRef: 'spec.validations[0].expression', warning: 'compilation failed' }] },
      },
    ]);
  });

  it('writes an empty typeChecking when every expression compiles, and nothing for a judged generation or a gone policy', async () => {
    const fresh = fake(policy(1));
    await reconcilePolicyStatus(fresh.deps, 'c', 'p');
    expect(fresh.writes).toEqual([{ observedGeneration: 1, typeChecking: {} }]);
    const judged = fake(policy(1, { observedGeneration: 1 }));
    expect(await reconcilePolicyStatus(judged.deps, 'c', 'p')).toBe('current');
    expect(judged.writes).toEqual([]);
    expect(await reconcilePolicyStatus(fake(undefined).deps, 'c', 'p')).toBe('gone');
    expect(statusCurrent(policy(3, { observedGeneration: 2 }))).toBe(false);
  });
});
