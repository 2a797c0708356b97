// A module kept off the cold-start path: imported on first need (or in the background once the daemon serves),
// then usable synchronously by code that only runs after some caller awaited load().

export interface LazyModule<M> {
  /** Imports the module once; every call returns the same promise. */
  load(): Promise<M>;
  /** The loaded module; throws if no load() has resolved yet (a caller forgot to await it). */
  get(): M;
}

export function lazyImport<M>(what: string, importer: () => Promise<M>): LazyModule<M> {
  let mod: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load: () => (loading ??= importer().then((m) => (mod = m))),
    get() {
      if (mod === undefined) throw new Error(`${what} is not loaded yet`);
      return mod;
    },
  };
}
