// One API call on a resource, after routing and authentication, independent of HTTP.
import type { KObject } from '../apimachinery/types.js';
import type { WriteRequestOptions } from './options.js';
import type { RequestContext, ResourceDef } from './types.js';

export interface ResourceCall {
  cluster: string;
  def: ResourceDef;
  /** '' for cluster-scoped resources and for all-namespace lists. */
  namespace: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  ctx: RequestContext;
  /** Decoded request body (writes). */
  body?: unknown;
  /** Media type of the body (patches choose their algorithm by it). */
  contentType?: string;
  userAgent?: string;
  /** The caller will send the object as plain JSON: reads and writes may answer with the stored text (`raw`). */
  rawOk?: boolean;
  /** A write's Create/Update/PatchOptions, read once by the verb that received it (see options.ts). */
  writeOptions?: WriteRequestOptions;
}

export interface CallResult {
  status: number;
  body: unknown;
  /** The answer already serialised as JSON (reads served from stored text, writes as stored); takes precedence over `body`. */
  raw?: string;
  /** Texts for `Warning: 299 - "…"` headers. */
  warnings?: string[];
}

export function ok(body: unknown, status = 200, warnings?: string[]): CallResult {
  const r: CallResult = { status, body };
  if (warnings && warnings.length) r.warnings = warnings;
  return r;
}

export type ObjectList = {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KObject[];
};
