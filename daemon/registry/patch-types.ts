// PATCH's media types, which a kind's strategy lists (discovery and 415 answers name them) without loading the
// patch machinery (patch.ts).
export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The patch types of a kind: kube's built-ins take strategic merge patches, custom resources do not. */
export function patchTypesFor(strategic: boolean): string[] {
  return strategic ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
}
