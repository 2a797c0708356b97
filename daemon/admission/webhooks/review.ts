// AdmissionReview: the version a webhook accepts, and what kube requires of its answer
// (k8s.io/apiserver's admission/plugin/webhook/request VerifyAdmissionResponse) — as plain functions.
import { relayedStatus, type StatusError } from '../../apimachinery/status.js';
import { isObject } from '../../apimachinery/is-object.js';
import type { AdmissionRequest } from '../request/request.js';

/** A JSON value as Go's %v would print it in these messages. */
const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

export const REVIEW_VERSIONS = ['v1', 'v1beta1'] as const;

/** The first version the webhook lists that kube speaks; undefined when none. */
export function reviewVersion(accepted: readonly string[] | undefined): string | undefined {
  return (accepted ?? []).find((v) => (REVIEW_VERSIONS as readonly string[]).includes(v));
}

export function reviewBody(version: string, request: AdmissionRequest): string {
  return JSON.stringify({ apiVersion: `admission.k8s.io/${version}`, kind: 'AdmissionReview', request });
}

export interface WebhookStatus {
  code?: number;
  message?: string;
  reason?: string;
  status?: string;
  details?: unknown;
}

export interface ReviewResponse {
  allowed: boolean;
  status?: WebhookStatus;
  /** Decoded JSON patch operations (mutating webhooks). */
  patch?: unknown[];
  warnings: string[];
}

/** Checks a webhook's answer as kube does; throws an Error whose message kube would give. */
export function verifyResponse(version: string, uid: string, mutating: boolean, body: unknown): ReviewResponse {
  if (!isObject(body)) throw new Error('webhook response was absent');
  const apiVersion = `admission.k8s.io/${version}`;
  if (body['apiVersion'] !== apiVersion || body['kind'] !== 'AdmissionReview') {
    throw new Error(
      `expected webhook response of ${apiVersion}, Kind=AdmissionReview, got ${text(body['apiVersion'])}, Kind=${text(body['kind'])}`,
    );
  }
  const r = body['response'];
  if (!isObject(r)) throw new Error('webhook response was absent');
  if (r['uid'] !== uid) throw new Error(`expected response.uid="${uid}", got "${text(r['uid'])}"`);
  const out: ReviewResponse = { allowed: r['allowed'] === true, warnings: [] };
  if (isObject(r['status'])) out.status = r['status'];
  if (Array.isArray(r['warnings'])) out.warnings = r['warnings'].filter((w): w is string => typeof w === 'string');
  const patch = r['patch'];
  const patchType = r['patchType'];
  if (patch !== undefined && patch !== null && patch !== '') {
    if (!mutating) throw new Error('validating webhooks may not return patches');
    if (patchType === undefined || patchType === null || patchType === '')
      throw new Error('webhook returned response.patch but not response.patchType');
    if (patchType !== 'JSONPatch') throw new Error(`webhook returned invalid response.patchType of "${text(patchType)}"`);
    if (typeof patch !== 'string') throw new Error('response.patch must be base64-encoded');
    let ops: unknown;
    try {
      ops = JSON.parse(Buffer.from(patch, 'base64').toString('utf8'));
    } catch (err) {
      throw new Error(`json: cannot unmarshal the patch: ${(err as Error).message}`, { cause: err });
    }
    if (!Array.isArray(ops)) throw new Error('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    out.patch = ops;
  } else if (patchType !== undefined && patchType !== null && patchType !== '' && !mutating) {
    throw new Error('validating webhooks may not return patches');
  }
  return out;
}

/** kube's ToStatusErr: a webhook's refusal, named, with its code kept at 400 or above. */
export function deniedBy(webhook: string, status: WebhookStatus | undefined): StatusError {
  const denied = `admission webhook "${webhook}" denied the request`;
  const code = typeof status?.code === 'number' && status.code >= 400 ? status.code : 400;
  const message = status?.message
    ? `${denied}: ${status.message}`
    : status?.reason
      ? `${denied}: ${status.reason}`
      : `${denied} without explanation`;
  return relayedStatus(code, status?.reason || undefined, message, isObject(status?.details) ? status.details : undefined);
}
