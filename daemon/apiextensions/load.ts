// The CRD validator (ajv, ajv-formats, the CEL parser) costs ~70 ms to load, so a cold start skips it: it is loaded
// by the first write of a CRD or a custom resource (their strategies' prepare() returns crdValidatorPending()) or,
// in the background, once the daemon serves.
import { lazyImport } from '../support/lazy-import.js';

const validator = lazyImport('the CRD validator', () => import('./validator.js'));

export const loadCrdValidator = validator.load;

/** The loaded validator; every caller runs after loadCrdValidator() resolved. */
export const crdValidator = validator.get;

/** The loading to await before crdValidator() may be called; undefined once it is loaded. */
export const crdValidatorPending = validator.pending;
