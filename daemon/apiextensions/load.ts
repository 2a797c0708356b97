// The CRD validator (ajv, ajv-formats, the CEL parser) costs ~70 ms to load, so a cold start skips it: the strategies
// of CustomResourceDefinitions and custom resources load it in their prepare() (awaited by the registry before their
// synchronous methods run) and hand it to what needs it; the daemon also loads it in the background once it serves.
import { lazyImport } from '../support/lazy-import.js';

export type CrdValidator = typeof import('./validator.js');

const validator = lazyImport<CrdValidator>(() => import('./validator.js'));

export const loadCrdValidator = (): Promise<CrdValidator> => validator.load();

/** The validator if it is loaded already (no await needed), else undefined. */
export const loadedCrdValidator = (): CrdValidator | undefined => validator.loaded();
