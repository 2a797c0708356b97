import { describe, expect, it } from 'vitest';
import { ALL_BATTERIES, type Battery } from '../registry/types.js';
import { builtinResources } from './index.js';
import { loadBuiltinResources } from './load.js';

const names = (defs: ReadonlyArray<{ group: string; version: string; plural: string; battery?: Battery }>) =>
  defs.map((d) => `${d.plural}.${d.version}.${d.group}`);

describe('loadBuiltinResources', () => {
  // Every battery alone, none, all: the lazily loaded list is the eager one, in the same (discovery's) order.
  const cases: Array<readonly Battery[]> = [[], ALL_BATTERIES, ...ALL_BATTERIES.map((b) => [b])];
  for (const batteries of cases) {
    for (const workspaces of [true, false]) {
      it(`serves what builtinResources serves: batteries [${batteries.join(',')}], ${workspaces ? 'kcp' : 'generic'}`, async () => {
        const set = new Set(batteries);
        expect(names(await loadBuiltinResources(set, {}, workspaces))).toEqual(names(builtinResources(set, {}, workspaces)));
      });
    }
  }

  it('serves the seed list and nothing else without batteries in a generic control plane', async () => {
    const plurals = (await loadBuiltinResources(new Set(), {}, false)).map((d) => d.plural);
    expect([...new Set(plurals)].sort()).toEqual(['configmaps', 'events', 'namespaces', 'resourcequotas', 'secrets', 'serviceaccounts']);
  });
});
