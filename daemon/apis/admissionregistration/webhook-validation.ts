// kube's validation of webhook configurations (k8s.io/kubernetes pkg/apis/admissionregistration/validation), the
// part that decides whether a webhook can be called at all: qualified, unique names; exactly one of url or service,
// an https URL without user, query or fragment; the review versions, side effects, policies and timeout v1 allows.
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { isDNS1123Subdomain } from '../../apimachinery/validation.js';
import { webhookURLErrors as urlErrors } from '../../apimachinery/webhook-url.js';

const REVIEW_VERSIONS = ['v1', 'v1beta1'];

interface Webhook {
  name?: string;
  clientConfig?: { url?: string; service?: unknown };
  admissionReviewVersions?: string[];
  sideEffects?: string;
  failurePolicy?: string;
  matchPolicy?: string;
  reinvocationPolicy?: string;
  timeoutSeconds?: number;
}

function webhookErrors(h: Webhook, path: string, mutating: boolean): FieldError[] {
  const out: FieldError[] = [];
  const name = h.name ?? '';
  if (!name) out.push(fieldErr.required(`${path}.name`));
  else if (isDNS1123Subdomain(name).length || name.split('.').length < 3) {
    out.push(fieldErr.invalid(`${path}.name`, name, 'should be a domain with at least three segments separated by dots'));
  }
  const versions = h.admissionReviewVersions ?? [];
  if (versions.length === 0)
    out.push(fieldErr.required(`${path}.admissionReviewVersions`, `must specify one of ${REVIEW_VERSIONS.join(', ')}`));
  else if (!versions.some((v) => REVIEW_VERSIONS.includes(v))) {
    out.push(
      fieldErr.invalid(
        `${path}.admissionReviewVersions`,
        new GoSyntax(`[]string{${versions.map(goQuote).join(', ')}}`),
        `must include at least one of ${REVIEW_VERSIONS.join(', ')}`,
      ),
    );
  }
  if (h.sideEffects === undefined) out.push(fieldErr.required(`${path}.sideEffects`, 'must specify one of None, NoneOnDryRun'));
  else if (!['None', 'NoneOnDryRun'].includes(h.sideEffects))
    out.push(fieldErr.notSupported(`${path}.sideEffects`, h.sideEffects, ['None', 'NoneOnDryRun']));
  if (h.failurePolicy !== undefined && !['Fail', 'Ignore'].includes(h.failurePolicy)) {
    out.push(fieldErr.notSupported(`${path}.failurePolicy`, h.failurePolicy, ['Fail', 'Ignore']));
  }
  if (h.matchPolicy !== undefined && !['Exact', 'Equivalent'].includes(h.matchPolicy)) {
    out.push(fieldErr.notSupported(`${path}.matchPolicy`, h.matchPolicy, ['Equivalent', 'Exact']));
  }
  if (mutating && h.reinvocationPolicy !== undefined && !['Never', 'IfNeeded'].includes(h.reinvocationPolicy)) {
    out.push(fieldErr.notSupported(`${path}.reinvocationPolicy`, h.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  if (h.timeoutSeconds !== undefined && (h.timeoutSeconds < 1 || h.timeoutSeconds > 30)) {
    out.push(fieldErr.invalid(`${path}.timeoutSeconds`, h.timeoutSeconds, 'the timeout value must be between 1 and 30 seconds'));
  }
  const cc = h.clientConfig ?? {};
  if ((cc.url === undefined) === (cc.service === undefined))
    out.push(fieldErr.required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (cc.url !== undefined) out.push(...urlErrors(`${path}.clientConfig.url`, cc.url));
  return out;
}

export function webhookConfigurationErrors(obj: KObject, mutating: boolean): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  ((obj['webhooks'] ?? []) as Array<Webhook | null>).forEach((entry, i) => {
    // Go decodes a null element of a list of structs as the zero struct, which then fails validation.
    const h = entry ?? {};
    const path = `webhooks[${i}]`;
    out.push(...webhookErrors(h, path, mutating));
    if (h.name) {
      if (seen.has(h.name)) out.push(fieldErr.duplicate(`${path}.name`, h.name));
      seen.add(h.name);
    }
  });
  return out;
}
