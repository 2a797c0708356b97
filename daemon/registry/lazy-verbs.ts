// The generic verbs for what is defined before any request: kinds' subresources and controllers' writes. Defining a
// kind must not load the verbs (write, patch, read, delete and the typed decoding, managed fields and patch formats
// behind them, most of the daemon's modules): they load with the first request that needs them.
import { lazyImport } from '../support/lazy-import.js';

export const verbs = lazyImport(async () => {
  const [read, write, patch, remove, typecheck] = await Promise.all([
    import('./read.js'),
    import('./write.js'),
    import('./patch.js'),
    import('./delete.js'),
    import('./typecheck.js'),
  ]);
  return {
    get: read.get,
    update: write.update,
    patch: patch.patch,
    deleteNamed: remove.deleteNamed,
    decodeComponent: typecheck.decodeComponent,
  };
});
