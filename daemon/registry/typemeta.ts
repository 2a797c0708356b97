// Request bodies must be objects of the kind the URL names; apiVersion/kind may be omitted (client-node omits them).
// Every body is typed against its kind before anything else reads it (see typecheck.ts).
import { badRequest } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { apiVersionOf } from './keys.js';
import { decodeTyped, FROM_BODY, type DecodePath } from './typecheck.js';
import type { ResourceDef } from './types.js';

export function asTypedObject(body: unknown, def: ResourceDef, path: DecodePath = FROM_BODY): KObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`Object '${def.kind}' is missing in the request body: expected a JSON object`);
  }
  const obj = body as KObject;
  decodeTyped(def, obj, path);
  const apiVersion = apiVersionOf(def);
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = def.kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object');
  return obj;
}
