// The ConversionReview a CRD's conversion webhook is sent and what its answer must be, as apiextensions-apiserver's
// webhook converter (pkg/apiserver/conversion/webhook_converter.go) builds and checks them: the first review version
// the CRD lists that kube knows, objects not yet in the desired version only, a v1 answer of the right kind echoing
// the request's uid, as many objects as were sent, each of the same kind, name, namespace and uid in the desired
// version — and of their metadata only labels and annotations are taken from the webhook.
import { randomUUID } from 'node:crypto';
import type { KObject, ObjectMeta } from '../../apimachinery/types.js';
import { isQualifiedName, isValidLabelValue } from '../../apimachinery/validation.js';

export const REVIEW_GROUP = 'apiextensions.k8s.io';

/** Why a conversion failed, in the words kube puts after `conversion webhook for <gvk> …`. */
export class ConversionFailure extends Error {}

export interface ConversionRequest {
  uid: string;
  /** `apiextensions.k8s.io/v1` or `/v1beta1`: the first of the CRD's conversionReviewVersions kube knows. */
  reviewVersion: string;
  body: string;
}

/** The review sending `objects` for conversion to `desiredAPIVersion`; undefined when the CRD lists no version kube knows. */
export function conversionRequest(
  reviewVersions: readonly string[],
  objects: readonly KObject[],
  desiredAPIVersion: string,
): ConversionRequest | undefined {
  const version = reviewVersions.find((v) => v === 'v1' || v === 'v1beta1');
  if (!version) return undefined;
  const uid = randomUUID();
  const reviewVersion = `${REVIEW_GROUP}/${version}`;
  const body = JSON.stringify({ kind: 'ConversionReview', apiVersion: reviewVersion, request: { uid, desiredAPIVersion, objects } });
  return { uid, reviewVersion, body };
}

interface ReviewAnswer {
  apiVersion?: unknown;
  kind?: unknown;
  response?: { uid?: unknown; convertedObjects?: unknown; result?: { status?: unknown; message?: unknown } } | null;
}

/** The converted objects of a webhook's answer, or the failure kube reports after `failed: `. */
export function convertedObjects(request: ConversionRequest, answer: unknown): unknown[] {
  const review = (answer ?? {}) as ReviewAnswer;
  // kube checks the kind and uid of v1 answers only (v1beta1 was never checked, and still is not).
  if (request.reviewVersion.endsWith('/v1')) {
    const got = `${str(review.apiVersion)}, Kind=${str(review.kind)}`;
    if (got !== `${REVIEW_GROUP}/v1, Kind=ConversionReview`)
      throw new ConversionFailure(`expected webhook response of ${REVIEW_GROUP}/v1, Kind=ConversionReview, got ${got}`);
  }
  const response = review.response;
  if (!response || typeof response !== 'object') throw new ConversionFailure('no response provided');
  if (request.reviewVersion.endsWith('/v1') && response.uid !== request.uid)
    throw new ConversionFailure(`expected response.uid="${request.uid}", got "${str(response.uid)}"`);
  const result = response.result ?? {};
  if (result.status !== 'Success') {
    if (typeof result.message === 'string' && result.message) throw new ConversionFailure(result.message);
    throw new ConversionFailure(`response.result.status was '${str(result.status)}', not 'Success'`);
  }
  return Array.isArray(response.convertedObjects) ? response.convertedObjects : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * `converted` checked against the `original` it was converted from, with the original's metadata back but the
 * webhook's labels and annotations: what the webhook may change of metadata. Throws what kube reports after
 * `returned invalid …`: `index` is the object's place in a list's answer, undefined for a single object. (kube counts
 * a list's objects from 1 in these words and a single object's from 0; so do we.)
 */
export function checkConverted(original: KObject, converted: unknown, desiredAPIVersion: string, index?: number): KObject {
  const at = index === undefined ? 'object at index 0' : `converted object at index ${index + 1}`;
  const whole = index === undefined ? 'object' : at;
  if (!converted || typeof converted !== 'object' || Array.isArray(converted))
    throw new ConversionFailure(
      `returned invalid ${at}: json: cannot unmarshal ${goType(converted)} into Go value of type map[string]interface {}`,
    );
  const out = converted as KObject;
  const apiVersion = str(out.apiVersion);
  if (apiVersion !== desiredAPIVersion)
    throw new ConversionFailure(`returned invalid ${at}: invalid groupVersion (expected ${desiredAPIVersion}, received ${apiVersion})`);
  if (out.kind !== original.kind)
    throw new ConversionFailure(`returned invalid ${at}: invalid kind (expected ${original.kind}, received ${str(out.kind)})`);
  const meta = (out.metadata ?? {}) as Partial<ObjectMeta>;
  for (const [field, want, got] of [
    ['name', original.metadata.name, meta.name],
    ['namespace', original.metadata.namespace, meta.namespace],
    ['UID', original.metadata.uid, meta.uid],
  ] as const) {
    if ((want ?? '') !== (got ?? ''))
      throw new ConversionFailure(`returned invalid ${whole}: must have the same ${field}: ${want ?? ''} != ${got ?? ''}`);
  }
  try {
    out.metadata = restoreMetadata(original.metadata, out.metadata);
  } catch (err) {
    const where = index === undefined ? 'metadata' : `metadata in object at index ${index + 1}`;
    throw new ConversionFailure(`returned invalid ${where}: ${(err as Error).message}`);
  }
  return out;
}

/** The original's metadata with the converted object's labels and annotations (kube's restoreObjectMeta). */
function restoreMetadata(original: ObjectMeta, converted: unknown): ObjectMeta {
  if (converted === undefined) throw new Error('missing metadata in converted object');
  if (!converted || typeof converted !== 'object' || Array.isArray(converted))
    throw new Error(`invalid metadata of type ${goType(converted)} in converted object`);
  const out = structuredClone(original);
  for (const field of ['labels', 'annotations'] as const) {
    const value = (converted as Record<string, unknown>)[field];
    if (value === undefined || value === null) {
      delete out[field];
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value))
      throw new Error(`invalid metadata.${field} of type ${goType(value)} in converted object`);
    const map = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') throw new Error(`metadata.${field}[${k}] must be a string, but is ${goType(v)} in converted object`);
    }
    if (field === 'labels') checkLabels(map as Record<string, string>);
    out[field] = map as Record<string, string>;
  }
  return out;
}

/** Labels a webhook returns must still be labels (kube's ValidateLabels, its first error). */
function checkLabels(labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) {
    const keyErr = isQualifiedName(k)[0];
    if (keyErr) throw new Error(`metadata.labels: Invalid value: "${k}": ${keyErr}`);
    const valueErr = isValidLabelValue(v)[0];
    if (valueErr) throw new Error(`metadata.labels: Invalid value: "${v}": ${valueErr}`);
  }
}

/** How Go's %T prints what encoding/json made of a JSON value. */
function goType(v: unknown): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'map[string]interface {}';
  }
}
