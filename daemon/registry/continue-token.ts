// Opaque pagination tokens: the revision of the first page and the key to resume after.
import { badRequest, expired } from '../apimachinery/status.js';

export interface ContinuePoint {
  rv: number;
  cluster: string;
  namespace: string;
  name: string;
}

export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: p.rv, c: p.cluster, ns: p.namespace, n: p.name })).toString('base64url');
}

export function decodeContinue(token: string, oldestRV: number): ContinuePoint {
  let parsed: { v?: string; rv?: number; c?: string; ns?: string; n?: string };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.n !== 'string') {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (parsed.rv < oldestRV) {
    throw expired(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
  }
  return { rv: parsed.rv, cluster: parsed.c ?? '', namespace: parsed.ns ?? '', name: parsed.n };
}
