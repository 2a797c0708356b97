import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { AdmissionChain, type AdmissionAttributes, type AdmissionPlugin } from './admission.js';
import { ReinvocationContext } from './reinvocation.js';

/** A reinvocable plugin as the mutating ones use the context: `mutate` returns whether it changed the object. */
function plugin(name: string, ifNeeded: boolean, mutate: (o: KObject) => boolean, calls: string[]): AdmissionPlugin {
  return {
    name,
    reinvocable: true,
    admit(a) {
      const ctx = (a.reinvocation ??= new ReinvocationContext());
      const mine = ctx.of(name);
      mine.begin(a.object, ctx.reinvoking);
      if (ctx.reinvoking && !mine.shouldReinvoke(name)) return mine.end(a.object);
      calls.push(name);
      if (mutate(a.object!)) {
        mine.requirePrevious();
        ctx.shouldReinvoke = true;
      }
      mine.invoked(name, ifNeeded);
      mine.end(a.object);
    },
  };
}

const attrs = (): AdmissionAttributes =>
  ({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } }) as AdmissionAttributes;
const labels = (o: KObject) => (o.metadata.labels ??= {});

describe('reinvocation', () => {
  it('reinvokes an IfNeeded plugin that ran before a later plugin’s change, once', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain();
    chain.register({ name: 'in-tree', admit: () => void calls.push('in-tree') });
    // a policy copying the webhook's label, and a webhook adding it
    chain.register(
      plugin(
        'policy',
        true,
        (o) => {
          const before = labels(o)['copy'];
          labels(o)['copy'] = labels(o)['w'] ?? 'none';
          return before !== labels(o)['copy'];
        },
        calls,
      ),
    );
    chain.register(plugin('webhook', false, (o) => (labels(o)['w'] ? false : ((labels(o)['w'] = 'x'), true)), calls));
    const a = attrs();
    await chain.admit(a, '/configmaps');
    expect(calls).toEqual(['in-tree', 'policy', 'webhook', 'policy']);
    expect(a.object!.metadata.labels).toEqual({ copy: 'x', w: 'x' });
  });

  it('does not reinvoke Never plugins, nor run a second pass when nothing changed', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain();
    chain.register(plugin('policy', false, (o) => ((labels(o)['p'] = labels(o)['w'] ?? 'none'), true), calls));
    chain.register(plugin('webhook', true, (o) => ((labels(o)['w'] = 'x'), true), calls));
    await chain.admit(attrs(), '/configmaps');
    expect(calls).toEqual(['policy', 'webhook']);
    const quiet: string[] = [];
    const still = new AdmissionChain();
    still.register(plugin('policy', true, () => false, quiet));
    await still.admit(attrs(), '/configmaps');
    expect(quiet).toEqual(['policy']);
  });
});
