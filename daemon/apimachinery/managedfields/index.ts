export { applyObject, mergeApplied, type ApplyOptions } from './apply.js';
export { FieldSet, fieldSetOf, pathString, valueAt } from './fieldset.js';
export { managerFromUserAgent, updateManagedFields, type UpdateOptions } from './update.js';
