import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { webhookConfigurationErrors } from './webhook-validation.js';

const config = (...webhooks: Array<Record<string, unknown>>): KObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name: 'c' },
  webhooks,
});
const ok = {
  name: 'a.example.dev',
  admissionReviewVersions: ['v1'],
  sideEffects: 'None',
  clientConfig: { url: 'https://127.0.0.1:8443/x' },
};

describe('webhookConfigurationErrors', () => {
  it('accepts a callable webhook', () => {
    expect(webhookConfigurationErrors(config(ok), true)).toEqual([]);
  });

  it('requires exactly one of url or service, review versions and side effects', () => {
    const errs = webhookConfigurationErrors(config({ name: 'a.example.dev', clientConfig: {} }), false).map(fieldErrorString);
    expect(errs).toEqual([
      'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
    ]);
  });

  it('validates a null webhook as Go decodes it, the zero webhook', () => {
    const nullWebhook = { ...config(), webhooks: [null] } as KObject;
    expect(webhookConfigurationErrors(nullWebhook, false).map(fieldErrorString)).toEqual([
      'webhooks[0].name: Required value',
      'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
    ]);
  });

  it('refuses duplicate names and unknown policies', () => {
    const errs = webhookConfigurationErrors(config(ok, { ...ok, failurePolicy: 'Maybe', reinvocationPolicy: 'Always' }), true).map(
      fieldErrorString,
    );
    expect(errs).toEqual([
      'webhooks[1].failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      'webhooks[1].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"',
      'webhooks[1].name: Duplicate value: "a.example.dev"',
    ]);
  });
});
