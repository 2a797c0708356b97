import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { AdmissionChain, type AdmissionAttributes } from './admission.js';
import type { RequestContext, ResourceDef } from './types.js';

const attrs = (object: KObject): AdmissionAttributes => ({
  operation: 'CREATE',
  def: {} as ResourceDef,
  ctx: { cluster: 'c1' } as RequestContext,
  namespace: 'default',
  name: 'x',
  object,
});

describe('the admission chain', () => {
  it('keeps kcp.io/cluster whatever a mutation does to the annotations', async () => {
    const chain = new AdmissionChain();
    chain.register({
      name: 'replaces-annotations',
      admit: (a) => void (a.object!.metadata.annotations = { team: 'a' }),
    });
    const a = attrs({ metadata: { name: 'x', annotations: { 'kcp.io/cluster': 'c1' } } });
    await chain.admit(a, '/configmaps');
    expect(a.object!.metadata.annotations).toEqual({ team: 'a', 'kcp.io/cluster': 'c1' });
  });

  it('adds none where the object had none', async () => {
    const chain = new AdmissionChain();
    chain.register({ name: 'noop', admit: () => undefined });
    const a = attrs({ metadata: { name: 'x' } });
    await chain.admit(a, '/configmaps');
    expect(a.object!.metadata.annotations).toBeUndefined();
  });
});
