import { describe, expect, it } from 'vitest';
import { lazyImport } from './lazy-import.js';

describe('lazyImport', () => {
  it('imports once, and is usable synchronously only after a load resolved', async () => {
    let imports = 0;
    const m = lazyImport('the thing', async () => {
      imports++;
      return { value: 42 };
    });
    expect(() => m.get()).toThrow('the thing is not loaded yet');
    const [a, b] = await Promise.all([m.load(), m.load()]);
    expect(a).toBe(b);
    expect(m.get().value).toBe(42);
    expect(imports).toBe(1);
  });
});
