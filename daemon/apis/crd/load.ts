// The CRD validator (ajv, ajv-formats, the CEL parser) costs ~70 ms to load, so a cold start skips it: it is loaded
// by the first CRD write or custom-resource request (both await loadCrdValidator) or, in the background, once the
// daemon serves.
import type * as Validator from './validator.js';

let mod: typeof Validator | undefined;
let loading: Promise<typeof Validator> | undefined;

export function loadCrdValidator(): Promise<typeof Validator> {
  return (loading ??= import('./validator.js').then((m) => (mod = m)));
}

/** The loaded validator; every caller runs after loadCrdValidator() resolved. */
export function crdValidator(): typeof Validator {
  if (!mod) throw new Error('the CRD validator is not loaded yet');
  return mod;
}
