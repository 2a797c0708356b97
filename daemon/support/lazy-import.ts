// A module kept off the cold-start path: imported on first need (or in the background once the daemon serves),
// then usable synchronously by code that only runs after some caller awaited load().

export interface LazyModule<M> {
  /** Imports the module once; every call returns the same promise. */
  load(): Promise<M>;
  /** The loaded module; throws if no load() has resolved yet (a caller forgot to await it). */
  get(): M;
  /** What a caller must await before get(): the loading, or undefined once the module is there (no await needed). */
  pending(): Promise<M> | undefined;
}

export function lazyImport<M>(what: string, importer: () => Promise<M>): LazyModule<M> {
  let mod: M | undefined;
  let loading: Promise<M> | undefined;
  const load = () => (loading ??= importer().then((m) => (mod = m)));
  return {
    load,
    get() {
      if (mod === undefined) throw new Error(`${what} is not loaded yet`);
      return mod;
    },
    pending: () => (mod === undefined ? load() : undefined),
  };
}
