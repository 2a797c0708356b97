import { describe, expect, it } from 'vitest';
import { lazyImport } from './lazy-import.js';

describe('lazyImport', () => {
  it('imports once; the module is there synchronously only after a load resolved', async () => {
    let imports = 0;
    const m = lazyImport(() => {
      imports++;
      return Promise.resolve({ value: 42 });
    });
    expect(m.loaded()).toBeUndefined();
    const [a, b] = await Promise.all([m.load(), m.load()]);
    expect(a).toBe(b);
    expect(m.loaded()?.value).toBe(42);
    expect(imports).toBe(1);
  });
});
