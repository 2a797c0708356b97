import { describe, expect, it } from 'vitest';
import { fieldErrorString } from './status.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, validateObjectMeta } from './validation.js';

describe('name validation', () => {
  it('uses kube\'s exact messages', () => {
    expect(isDNS1123Label('Bad_Name')[0]).toBe(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(isDNS1123Subdomain('a'.repeat(254))).toContain('must be no more than 253 characters');
    expect(isDNS1123Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(isQualifiedName('example.com/app')).toEqual([]);
    expect(isQualifiedName('bad key')).not.toEqual([]);
  });

  it('validates object metadata into field errors', () => {
    const errs = validateObjectMeta({ name: 'Bad_Name', namespace: 'demo', labels: { 'ok/key': 'v', 'bad key': 'v' } }, { namespaced: true, nameRule: 'dns1123-subdomain' });
    expect(fieldErrorString(errs[0]!)).toMatch(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(errs.some((e) => e.field === 'metadata.labels')).toBe(true);
    expect(fieldErrorString(validateObjectMeta({}, { namespaced: false, nameRule: 'dns1123-label' })[0]!)).toBe('metadata.name: Required value: name or generateName is required');
  });
});
