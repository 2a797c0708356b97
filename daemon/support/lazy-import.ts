// A module kept off the cold-start path: imported on first need (or in the background once the daemon serves). There
// is no synchronous getter that could fail: code gets the module from load(), or from loaded() when it only wants to
// skip an await it does not need.

export interface LazyModule<M> {
  /** Imports the module once; every call returns the same promise. */
  load(): Promise<M>;
  /** The module if a load() has resolved, else undefined. */
  loaded(): M | undefined;
}

export function lazyImport<M>(importer: () => Promise<M>): LazyModule<M> {
  let mod: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load: () => (loading ??= importer().then((m) => (mod = m))),
    loaded: () => mod,
  };
}
